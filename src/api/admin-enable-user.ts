import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { enableUser } from '../domain/users/admin-account.ts';

export const adminEnableUser: Handler<'AdminEnableUser'> = async (input, ctx) => {
  await enableUser(ctx.deps, await requirePool(ctx, input.UserPoolId), input.Username);
  return {};
};
