import type { RequestContext } from '../context.ts';
import { requirePool } from '../pools/require-pool.ts';
import { requireGroup } from './group.ts';
import type { GroupRecord } from '../../storage/ports/index.ts';

/** GetGroup. */
export async function getGroup(ctx: RequestContext, poolId: string, name: string): Promise<GroupRecord> {
  const pool = await requirePool(ctx.deps.store, poolId);
  return requireGroup(ctx.deps.store, pool.id, name);
}
