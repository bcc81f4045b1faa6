/** AdminAddUserToGroup and AdminRemoveUserFromGroup: both idempotent. */
import type { RequestContext } from '../context.ts';
import { requirePool } from '../pools/require-pool.ts';
import { requireUser } from '../users/resolve.ts';
import { requireGroup } from './group.ts';
import type { PoolRecord, UserRecord } from '../../storage/ports/index.ts';

/** The pool, the group and the user a membership request names (each must exist). */
async function membershipOf(ctx: RequestContext, poolId: string, groupName: string, username: string): Promise<{ pool: PoolRecord; user: UserRecord }> {
  const { store } = ctx.deps;
  const pool = await requirePool(store, poolId);
  await requireGroup(store, pool.id, groupName);
  return { pool, user: await requireUser(store, pool, username) };
}

/** Adding a member again changes nothing. */
export async function addUserToGroup(ctx: RequestContext, poolId: string, groupName: string, username: string): Promise<void> {
  const { store } = ctx.deps;
  const { pool, user } = await membershipOf(ctx, poolId, groupName, username);
  try {
    await store.groups.addGroupMember(pool.id, groupName, user.sub);
  } catch (err) {
    // The group or the user was deleted between the checks and the insert (foreign key): say which.
    await requireGroup(store, pool.id, groupName);
    await requireUser(store, pool, user.sub);
    throw err;
  }
}

/** Removing a user who is not a member succeeds. */
export async function removeUserFromGroup(ctx: RequestContext, poolId: string, groupName: string, username: string): Promise<void> {
  const { pool, user } = await membershipOf(ctx, poolId, groupName, username);
  await ctx.deps.store.groups.removeGroupMember(pool.id, groupName, user.sub);
}
