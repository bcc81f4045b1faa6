import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { requireUser } from '../domain/users/resolve.ts';
import { toAdminGetUserOutput } from '../domain/users/user-type.ts';
import { userMfaSummary } from '../domain/mfa/user-mfa.ts';

/** AdminGetUser: by Username, sub or sign-in alias; attributes under `UserAttributes`, `sub` first. */
export const adminGetUser: Handler<'AdminGetUser'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const user = await requireUser(ctx.deps.store, pool, input.Username);
  return toAdminGetUserOutput(user, await userMfaSummary(ctx.deps.store, user));
};
