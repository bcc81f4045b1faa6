import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { deleteUserAccount } from '../domain/users/admin-account.ts';

export const adminDeleteUser: Handler<'AdminDeleteUser'> = async (input, ctx) => {
  await deleteUserAccount(ctx.deps, await requirePool(ctx, input.UserPoolId), input.Username);
  return {};
};
