import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { requireGroup } from './groups-common.ts';
import { requireUser } from '../domain/users/resolve.ts';

/** Idempotent: adding a member again changes nothing. */
export const adminAddUserToGroup: Handler<'AdminAddUserToGroup'> = async (input, ctx) => {
  const { store } = ctx.deps;
  const pool = await requirePool(ctx, input.UserPoolId);
  await requireGroup(store, pool.id, input.GroupName);
  const user = await requireUser(store, pool, input.Username);
  try {
    await store.groups.addGroupMember(pool.id, input.GroupName, user.sub);
  } catch (err) {
    // The group or the user was deleted between the checks and the insert (foreign key): say which.
    await requireGroup(store, pool.id, input.GroupName);
    await requireUser(store, pool, user.sub);
    throw err;
  }
  return {};
};
