import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { poolIdOfArn } from './pools-common.ts';
import { poolConfigOf } from '../domain/pools/pool-config.ts';

export const listTagsForResource: Handler<'ListTagsForResource'> = async (input, ctx) => {
  const pool = await requirePool(ctx, await poolIdOfArn(ctx, input.ResourceArn));
  return { Tags: { ...(poolConfigOf(pool).UserPoolTags ?? {}) } };
};
