import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { toGroupType } from './groups-common.ts';
import { listGroups as listGroupsOfPool } from '../domain/groups/list-groups.ts';

/** ListGroups: the pool's groups in name order, Limit (absent or 0 ⇒ 60) at a time. */
export const listGroups: Handler<'ListGroups'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const groups = await listGroupsOfPool(ctx.deps, pool.id, input.Limit, input.NextToken);
  return { Groups: groups.items.map(toGroupType), ...(groups.nextToken !== undefined ? { NextToken: groups.nextToken } : {}) };
};
