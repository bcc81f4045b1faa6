import type { RequestContext } from '../context.ts';
import { requirePool } from '../pools/require-pool.ts';
import { noSuchResourceServer } from './resource-servers.ts';

/** DeleteResourceServer. */
export async function deleteResourceServer(ctx: RequestContext, poolId: string, identifier: string): Promise<void> {
  const pool = await requirePool(ctx.deps.store, poolId);
  if (!(await ctx.deps.store.oauth.deleteResourceServer(pool.id, identifier))) throw noSuchResourceServer(identifier);
}
