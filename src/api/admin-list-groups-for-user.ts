import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { makePageToken, pageSize, readPageToken, toGroupType } from './groups-common.ts';
import { requireUser } from '../domain/users/resolve.ts';

/** The user's groups in name order; keyset paging on the name. */
export const adminListGroupsForUser: Handler<'AdminListGroupsForUser'> = async (input, ctx) => {
  const { store } = ctx.deps;
  const pool = await requirePool(ctx, input.UserPoolId);
  const user = await requireUser(store, pool, input.Username);
  const scope = `AdminListGroupsForUser:${pool.id}:${user.sub}`;
  const after = input.NextToken !== undefined ? readPageToken(ctx, scope, input.NextToken, 'n', 'string') : undefined;
  const limit = pageSize(input.Limit);
  const rows = await store.groups.listGroupsOfUser(pool.id, user.sub, after, limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    Groups: page.map(toGroupType),
    ...(rows.length > limit && last ? { NextToken: makePageToken(ctx, scope, 'n', last.name) } : {}),
  };
};
