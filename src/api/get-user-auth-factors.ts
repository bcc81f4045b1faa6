import type { Handler } from './context.ts';
import { userAuthFactors } from '../domain/mfa/mfa-settings.ts';

export const getUserAuthFactors: Handler<'GetUserAuthFactors'> = (input, ctx) => userAuthFactors(ctx.deps, input.AccessToken);
