import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { requireUser } from '../domain/users/resolve.ts';

/** AdminEnableUser: Enabled=true (tokens revoked by AdminDisableUser stay revoked). */
export const adminEnableUser: Handler<'AdminEnableUser'> = async (input, ctx) => {
  const { store, now } = ctx.deps;
  const pool = await requirePool(ctx, input.UserPoolId);
  const user = await requireUser(store, pool, input.Username);
  user.enabled = true;
  user.updatedAt = now();
  await store.users.updateUser(user);
  return {};
};
