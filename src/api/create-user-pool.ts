import type { Handler } from './context.ts';
import { createPoolConfig, newPoolId, toUserPoolType, type CreateSettingsInput } from '../domain/pools/pool-config.ts';
import { createSigningKey } from '../domain/tokens/signing-keys.ts';
import { UniqueViolation } from '../storage/ports/index.ts';

export const createUserPool: Handler<'CreateUserPool'> = async (input, ctx) => {
  const { store, config, now } = ctx.deps;
  const settings = createPoolConfig(input as unknown as CreateSettingsInput);
  const t = now();
  for (;;) {
    const pool = { id: newPoolId(ctx.region), name: input.PoolName, config: settings as unknown as Record<string, unknown>, createdAt: t, updatedAt: t };
    try {
      await store.transaction(async (tx) => {
        await tx.pools.insertPool(pool);
        await tx.keys.insertSigningKey(await createSigningKey(pool.id, ctx.deps.masterKey, t));
      });
    } catch (err) {
      if (err instanceof UniqueViolation && err.rule === 'pool') continue; // 62^9 ids: a collision is astronomically rare
      throw err;
    }
    return { UserPool: toUserPoolType(pool, config.accountId, 0) as never };
  }
};
