import type { Handler } from './context.ts';
import { modifyPool, requireNoImportInProgress } from './pools-common.ts';
import { poolConfigOf, updatePoolConfig, type MutableSettingsInput } from '../domain/pools/pool-config.ts';

/** Replaces the pool's mutable settings (omitted members revert to defaults, see updatePoolConfig). */
export const updateUserPool: Handler<'UpdateUserPool'> = async (input, ctx) => {
  const { UserPoolId, PoolName, ...settings } = input;
  await requireNoImportInProgress(ctx, UserPoolId);
  await modifyPool(ctx, UserPoolId, (pool) => ({
    name: PoolName ?? pool.name,
    config: updatePoolConfig(poolConfigOf(pool), settings as unknown as MutableSettingsInput) as unknown as Record<string, unknown>,
  }));
  return {};
};
