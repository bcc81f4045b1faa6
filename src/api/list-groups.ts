import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { makePageToken, pageSize, readPageToken, toGroupType } from './groups-common.ts';

/** Groups in name order; keyset paging on the name. */
export const listGroups: Handler<'ListGroups'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const scope = `ListGroups:${pool.id}`;
  const after = input.NextToken !== undefined ? readPageToken(ctx, scope, input.NextToken, 'n', 'string') : undefined;
  const limit = pageSize(input.Limit);
  const rows = await ctx.deps.store.groups.listGroups(pool.id, after, limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    Groups: page.map(toGroupType),
    ...(rows.length > limit && last ? { NextToken: makePageToken(ctx, scope, 'n', last.name) } : {}),
  };
};
