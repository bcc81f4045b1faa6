import type { RequestContext } from '../context.ts';
import { requireNoImportInProgress } from './import-guard.ts';
import { modifyPool } from './modify-pool.ts';
import { poolConfigOf, updatePoolConfig, type MutableSettingsInput } from './pool-config.ts';

/** UpdateUserPool: replaces the pool's mutable settings (omitted members revert to defaults, see updatePoolConfig). */
export async function updatePool(ctx: RequestContext, poolId: string, name: string | undefined, settings: MutableSettingsInput): Promise<void> {
  await requireNoImportInProgress(ctx.deps.store, poolId);
  await modifyPool(ctx, poolId, (pool) => ({ name, config: updatePoolConfig(poolConfigOf(pool), settings) }));
}
