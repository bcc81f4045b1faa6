import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { requireGroup } from './groups-common.ts';
import { requireUser } from '../domain/users/resolve.ts';

/** Idempotent: removing a user who is not a member succeeds. */
export const adminRemoveUserFromGroup: Handler<'AdminRemoveUserFromGroup'> = async (input, ctx) => {
  const { store } = ctx.deps;
  const pool = await requirePool(ctx, input.UserPoolId);
  await requireGroup(store, pool.id, input.GroupName);
  const user = await requireUser(store, pool, input.Username);
  await store.groups.removeGroupMember(pool.id, input.GroupName, user.sub);
  return {};
};
