import type { Handler } from './context.ts';
import { revokeTokenOfClient } from '../domain/auth/refresh.ts';

export const revokeToken: Handler<'RevokeToken'> = async (input, ctx) => {
  await revokeTokenOfClient(ctx.deps, input);
  return {};
};
