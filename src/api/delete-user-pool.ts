import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { requireNoImportInProgress } from './pools-common.ts';
import { CognitoError } from '../domain/errors.ts';
import { poolConfigOf } from '../domain/pools/pool-config.ts';

/** Deletes the pool and, through the database's cascades, everything in it (clients, users, groups, keys, tokens, jobs). */
export const deleteUserPool: Handler<'DeleteUserPool'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const config = poolConfigOf(pool);
  if (config.DeletionProtection === 'ACTIVE') {
    throw new CognitoError('InvalidParameterException', 'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.');
  }
  if (config.Domain !== undefined || config.CustomDomain !== undefined) {
    throw new CognitoError('InvalidParameterException', 'User pool cannot be deleted. It has a domain configured that should be deleted first.');
  }
  await requireNoImportInProgress(ctx, pool.id);
  await ctx.deps.store.transaction((tx) => tx.pools.deletePool(pool.id));
  return {};
};
