import type { RequestContext } from '../context.ts';
import { CognitoError } from '../errors.ts';
import { requireNoImportInProgress } from './import-guard.ts';
import { poolConfigOf } from './pool-config.ts';
import { requirePool } from './require-pool.ts';

/** DeleteUserPool: the pool and, through the database's cascades, everything in it (clients, users, groups, keys, tokens, jobs). */
export async function deletePool(ctx: RequestContext, poolId: string): Promise<void> {
  const { store } = ctx.deps;
  const pool = await requirePool(store, poolId);
  const config = poolConfigOf(pool);
  if (config.DeletionProtection === 'ACTIVE') {
    throw new CognitoError('InvalidParameterException', 'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.');
  }
  if (config.Domain !== undefined || config.CustomDomain !== undefined) {
    throw new CognitoError('InvalidParameterException', 'User pool cannot be deleted. It has a domain configured that should be deleted first.');
  }
  await requireNoImportInProgress(store, pool.id);
  await store.transaction((tx) => tx.pools.deletePool(pool.id));
}
