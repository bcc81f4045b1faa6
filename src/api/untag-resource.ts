import type { Handler } from './context.ts';
import { modifyPool, poolIdOfArn } from './pools-common.ts';
import { poolConfigOf } from '../domain/pools/pool-config.ts';

/** Removes tags from a user pool; keys it does not have are ignored. */
export const untagResource: Handler<'UntagResource'> = async (input, ctx) => {
  const poolId = await poolIdOfArn(ctx, input.ResourceArn);
  const remove = new Set(input.TagKeys);
  await modifyPool(ctx, poolId, (pool) => {
    const config = poolConfigOf(pool);
    const tags = Object.fromEntries(Object.entries(config.UserPoolTags ?? {}).filter(([k]) => !remove.has(k)));
    return { name: pool.name, config: { ...config, UserPoolTags: tags } as unknown as Record<string, unknown> };
  });
  return {};
};
