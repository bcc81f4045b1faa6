import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { makeCursor, readCursor } from './pools-common.ts';

/** ListUserPoolClients: `MaxResults` 1–60 (absent ⇒ 60), keyset paging on the client id. */
export const MAX_CLIENT_PAGE = 60;

export const listUserPoolClients: Handler<'ListUserPoolClients'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const scope = `ListUserPoolClients:${pool.id}`;
  const after = input.NextToken !== undefined ? readCursor(ctx, scope, input.NextToken) : undefined;
  const limit = input.MaxResults ?? MAX_CLIENT_PAGE;
  const rows = await ctx.deps.store.clients.listClients(pool.id, after, limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    UserPoolClients: page.map((c) => ({ ClientId: c.id, UserPoolId: c.poolId, ClientName: c.name })),
    ...(rows.length > limit && last ? { NextToken: makeCursor(ctx, scope, last.id) } : {}),
  };
};
