import type { Handler } from './context.ts';
import { createPool } from '../domain/pools/create-pool.ts';
import { toUserPoolType, type CreateSettingsInput } from '../domain/pools/pool-config.ts';

export const createUserPool: Handler<'CreateUserPool'> = async (input, ctx) => {
  const pool = await createPool(ctx, input.PoolName, input as unknown as CreateSettingsInput);
  return { UserPool: toUserPoolType(pool, ctx.deps.config.accountId, 0) as never };
};
