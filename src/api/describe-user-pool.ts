import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { toUserPoolType } from '../domain/pools/pool-config.ts';

export const describeUserPool: Handler<'DescribeUserPool'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const users = await ctx.deps.store.users.countUsers(pool.id);
  return { UserPool: toUserPoolType(pool, ctx.deps.config.accountId, users) as never };
};
