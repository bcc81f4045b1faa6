import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { disableUser } from '../domain/users/admin-account.ts';

export const adminDisableUser: Handler<'AdminDisableUser'> = async (input, ctx) => {
  await disableUser(ctx.deps, await requirePool(ctx, input.UserPoolId), input.Username);
  return {};
};
