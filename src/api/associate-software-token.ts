import type { Handler } from './context.ts';
import { associateSoftwareTokenFor } from '../domain/mfa/software-token.ts';

export const associateSoftwareToken: Handler<'AssociateSoftwareToken'> = (input, ctx) => associateSoftwareTokenFor(ctx.deps, input);
