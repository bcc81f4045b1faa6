import { randomInt } from 'node:crypto';
import type { RequestContext } from '../context.ts';
import { CognitoError } from '../errors.ts';
import type { PoolRecord, Store } from '../../storage/ports/index.ts';
import type { PoolConfig } from './pool-config.ts';
import { requirePool } from './require-pool.ts';

/** How often a pool write is retried when another request changed the pool meanwhile. */
const MAX_POOL_WRITE_ATTEMPTS = 20;

/** What a modification writes: the pool's new config and, when given, its new name. */
export interface PoolChange {
  config: PoolConfig;
  name?: string | undefined;
}

/**
 * Computes the change from the pool as read in the transaction; it may also write other rows
 * through `tx` (they commit or roll back with the pool). A lost race runs it again on the
 * re-read pool, so it must not depend on anything read before.
 */
export type PoolModification = (pool: PoolRecord, tx: Store) => PoolChange | Promise<PoolChange>;

class PoolChanged extends Error {}

/**
 * The one writer of pool settings: read, change and write the pool in one transaction with a
 * compare-and-set on its `updatedAt`, so concurrent updates (on this node or another) never
 * overwrite each other. The pool as written is returned.
 */
export async function modifyPool(ctx: RequestContext, poolId: string, change: PoolModification): Promise<PoolRecord> {
  for (let attempt = 0; attempt < MAX_POOL_WRITE_ATTEMPTS; attempt++) {
    try {
      return await ctx.deps.store.transaction(async (tx) => {
        const pool = await requirePool(tx, poolId);
        const { config, name = pool.name } = await change(pool, tx);
        const next: PoolRecord = { ...pool, name, config: config as unknown as Record<string, unknown>, updatedAt: Math.max(ctx.deps.now(), pool.updatedAt + 1) };
        if (!(await tx.pools.updatePoolIfUnchanged(next, pool.updatedAt))) throw new PoolChanged();
        return next;
      });
    } catch (err) {
      if (!(err instanceof PoolChanged)) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, randomInt(1, 5 + attempt * 5))); // jittered back-off
  }
  throw new CognitoError('ConcurrentModificationException', `User pool ${poolId} was modified concurrently; retry the request.`);
}
