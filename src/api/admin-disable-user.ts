import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { requireUser } from '../domain/users/resolve.ts';

/**
 * AdminDisableUser: Enabled=false and every token issued so far revoked (`tokensValidAfter` = now,
 * refresh tokens marked revoked). Sign-in then answers `NotAuthorizedException: User is disabled.`
 */
export const adminDisableUser: Handler<'AdminDisableUser'> = async (input, ctx) => {
  const { store, now } = ctx.deps;
  const pool = await requirePool(ctx, input.UserPoolId);
  const user = await requireUser(store, pool, input.Username);
  const t = now();
  user.enabled = false;
  user.tokensValidAfter = t;
  user.updatedAt = t;
  await store.transaction(async (tx) => {
    await tx.users.updateUser(user);
    await tx.auth.revokeUserRefreshTokens(pool.id, user.sub, t);
  });
  return {};
};
