import type { Handler } from './context.ts';
import { verifySoftwareTokenFor } from '../domain/mfa/software-token.ts';

export const verifySoftwareToken: Handler<'VerifySoftwareToken'> = (input, ctx) => verifySoftwareTokenFor(ctx.deps, input);
