import { CognitoError } from '../errors.ts';
import type { PoolRecord, Store } from '../../storage/ports/index.ts';

/** The pool, or AWS's `ResourceNotFoundException: User pool <id> does not exist.` */
export async function requirePool(store: Store, poolId: string): Promise<PoolRecord> {
  const pool = await store.pools.findPool(poolId);
  if (!pool) throw new CognitoError('ResourceNotFoundException', `User pool ${poolId} does not exist.`);
  return pool;
}
