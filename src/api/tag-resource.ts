import type { Handler } from './context.ts';
import { modifyPool, poolIdOfArn } from './pools-common.ts';
import { CognitoError } from '../domain/errors.ts';
import { poolConfigOf, tagProblem } from '../domain/pools/pool-config.ts';

/** Adds or overwrites tags of a user pool (the pool's UserPoolTags). */
export const tagResource: Handler<'TagResource'> = async (input, ctx) => {
  const poolId = await poolIdOfArn(ctx, input.ResourceArn);
  await modifyPool(ctx, poolId, (pool) => {
    const config = poolConfigOf(pool);
    const tags = { ...config.UserPoolTags, ...input.Tags };
    const problem = tagProblem(tags);
    if (problem !== undefined) throw new CognitoError('InvalidParameterException', problem);
    return { name: pool.name, config: { ...config, UserPoolTags: tags } as unknown as Record<string, unknown> };
  });
  return {};
};
