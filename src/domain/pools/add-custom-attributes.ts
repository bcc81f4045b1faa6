import type { RequestContext } from '../context.ts';
import { requireNoImportInProgress } from './import-guard.ts';
import { modifyPool } from './modify-pool.ts';
import { poolConfigOf } from './pool-config.ts';
import { addCustomAttributes as withCustomAttributes, type SchemaInput } from './schema.ts';

/** AddCustomAttributes: appends custom attributes (`custom:<name>`, or `dev:custom:<name>` when developer-only) to the schema. */
export async function addCustomAttributes(ctx: RequestContext, poolId: string, attributes: SchemaInput[]): Promise<void> {
  await requireNoImportInProgress(ctx.deps.store, poolId);
  await modifyPool(ctx, poolId, (pool) => {
    const config = poolConfigOf(pool);
    return { config: { ...config, SchemaAttributes: withCustomAttributes(config.SchemaAttributes, attributes) } };
  });
}
