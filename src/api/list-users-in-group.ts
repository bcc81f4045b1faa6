import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { requireGroup } from './groups-common.ts';
import { listUsersInGroup as listMembers } from '../domain/groups/list-users-in-group.ts';
import { toUserType } from '../domain/users/user-type.ts';

/** ListUsersInGroup: the group's members in user creation order, Limit (absent or 0 ⇒ 60) at a time. */
export const listUsersInGroup: Handler<'ListUsersInGroup'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const group = await requireGroup(ctx.deps.store, pool.id, input.GroupName);
  const members = await listMembers(ctx.deps, pool.id, group.name, input.Limit, input.NextToken);
  return { Users: members.items.map((u) => toUserType(u)), ...(members.nextToken !== undefined ? { NextToken: members.nextToken } : {}) };
};
