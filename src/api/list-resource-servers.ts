import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { makeCursor, readCursor } from './pools-common.ts';
import { toResourceServerType } from '../domain/resource-servers/resource-servers.ts';

/** Resource servers in identifier order; MaxResults 1–50 (default 50); keyset paging on the identifier. */
export const listResourceServers: Handler<'ListResourceServers'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const scope = `ListResourceServers:${pool.id}`;
  const after = input.NextToken !== undefined ? readCursor(ctx, scope, input.NextToken) : undefined;
  const limit = input.MaxResults ?? 50;
  const rows = await ctx.deps.store.oauth.listResourceServers(pool.id, after, limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    ResourceServers: page.map(toResourceServerType),
    ...(rows.length > limit && last ? { NextToken: makeCursor(ctx, scope, last.identifier) } : {}),
  };
};
