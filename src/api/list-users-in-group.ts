import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { makePageToken, pageSize, readPageToken, requireGroup } from './groups-common.ts';
import { toUserType } from '../domain/users/user-type.ts';

/** Members in user creation order; keyset paging on the user row number. */
export const listUsersInGroup: Handler<'ListUsersInGroup'> = async (input, ctx) => {
  const { store } = ctx.deps;
  const pool = await requirePool(ctx, input.UserPoolId);
  const group = await requireGroup(store, pool.id, input.GroupName);
  // Pool ids hold no ':', so the scope is unambiguous whatever the group name holds.
  const scope = `ListUsersInGroup:${pool.id}:${group.name}`;
  const after = input.NextToken !== undefined ? readPageToken(ctx, scope, input.NextToken, 's', 'number') : undefined;
  const limit = pageSize(input.Limit);
  const rows = await store.groups.listUsersInGroup(pool.id, group.name, after, limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    Users: page.map((u) => toUserType(u)),
    ...(rows.length > limit && last?.seq !== undefined ? { NextToken: makePageToken(ctx, scope, 's', last.seq) } : {}),
  };
};
