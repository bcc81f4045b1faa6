import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { toGroupType } from './groups-common.ts';
import { listGroupsOfUser } from '../domain/groups/list-groups.ts';
import { requireUser } from '../domain/users/resolve.ts';

/** AdminListGroupsForUser: the user's groups in name order, Limit (absent or 0 ⇒ 60) at a time. */
export const adminListGroupsForUser: Handler<'AdminListGroupsForUser'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const user = await requireUser(ctx.deps.store, pool, input.Username);
  const groups = await listGroupsOfUser(ctx.deps, pool.id, user.sub, input.Limit, input.NextToken);
  return { Groups: groups.items.map(toGroupType), ...(groups.nextToken !== undefined ? { NextToken: groups.nextToken } : {}) };
};
