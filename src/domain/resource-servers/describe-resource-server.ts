import type { RequestContext } from '../context.ts';
import { requirePool } from '../pools/require-pool.ts';
import { requireResourceServer } from './resource-servers.ts';
import type { ResourceServerRecord } from '../../storage/ports/index.ts';

/** DescribeResourceServer. */
export async function describeResourceServer(ctx: RequestContext, poolId: string, identifier: string): Promise<ResourceServerRecord> {
  const pool = await requirePool(ctx.deps.store, poolId);
  return requireResourceServer(ctx, pool.id, identifier);
}
