import type { RequestContext } from '../context.ts';
import { requirePool } from '../pools/require-pool.ts';
import { noSuchClient } from './require-client.ts';

/** DeleteUserPoolClient: tokens the client issued stop validating because it no longer exists. */
export async function deleteClient(ctx: RequestContext, poolId: string, clientId: string): Promise<void> {
  await requirePool(ctx.deps.store, poolId);
  if (!(await ctx.deps.store.clients.deleteClient(poolId, clientId))) throw noSuchClient(clientId);
}
