import type { RequestContext } from '../context.ts';
import { toUserPoolType } from './pool-config.ts';
import { requirePool } from './require-pool.ts';

/** DescribeUserPool's UserPoolType, with the pool's current number of users. */
export async function describePool(ctx: RequestContext, poolId: string): Promise<Record<string, unknown>> {
  const pool = await requirePool(ctx.deps.store, poolId);
  return toUserPoolType(pool, ctx.deps.config.accountId, await ctx.deps.store.users.countUsers(pool.id));
}
