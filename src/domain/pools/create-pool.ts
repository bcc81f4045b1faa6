import type { RequestContext } from '../context.ts';
import { createPoolConfig, newPoolId, type CreateSettingsInput } from './pool-config.ts';
import { createSigningKey } from '../tokens/signing-keys.ts';
import { UniqueViolation, type PoolRecord } from '../../storage/ports/index.ts';

/**
 * CreateUserPool: a new pool in the request's region, with its first token signing key. A seed
 * file names the pool's id itself (`fixedId`, region included): taken is then an error.
 */
export async function createPool(ctx: RequestContext, name: string, input: CreateSettingsInput, fixedId?: string): Promise<PoolRecord> {
  const { store, masterKey, now } = ctx.deps;
  const settings = createPoolConfig(input);
  const t = now();
  for (;;) {
    const pool: PoolRecord = { id: fixedId ?? newPoolId(ctx.region), name, config: settings as unknown as Record<string, unknown>, createdAt: t, updatedAt: t };
    try {
      await store.transaction(async (tx) => {
        await tx.pools.insertPool(pool);
        await tx.keys.insertSigningKey(await createSigningKey(pool.id, masterKey, t));
      });
    } catch (err) {
      if (err instanceof UniqueViolation && err.rule === 'pool' && fixedId === undefined) continue; // 62^9 ids: a collision is astronomically rare
      throw err;
    }
    return pool;
  }
}
