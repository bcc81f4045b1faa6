import type { Handler } from './context.ts';
import { modifyPool, requireNoImportInProgress } from './pools-common.ts';
import { poolConfigOf } from '../domain/pools/pool-config.ts';
import { addCustomAttributes as withCustomAttributes } from '../domain/pools/schema.ts';

/** Appends custom attributes (`custom:<name>`, or `dev:custom:<name>` when developer-only) to the schema. */
export const addCustomAttributes: Handler<'AddCustomAttributes'> = async (input, ctx) => {
  await requireNoImportInProgress(ctx, input.UserPoolId);
  await modifyPool(ctx, input.UserPoolId, (pool) => {
    const config = poolConfigOf(pool);
    return {
      name: pool.name,
      config: { ...config, SchemaAttributes: withCustomAttributes(config.SchemaAttributes, input.CustomAttributes as never) } as unknown as Record<string, unknown>,
    };
  });
  return {};
};
