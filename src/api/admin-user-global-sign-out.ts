import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { signOutEverywhere } from '../domain/auth/refresh.ts';
import { requireUser } from '../domain/users/resolve.ts';

export const adminUserGlobalSignOut: Handler<'AdminUserGlobalSignOut'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const user = await requireUser(ctx.deps.store, pool, input.Username);
  await signOutEverywhere(ctx.deps, user);
  return {};
};
