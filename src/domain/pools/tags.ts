/** TagResource, UntagResource and ListTagsForResource: the tags of a user pool, named by its ARN. */
import type { RequestContext } from '../context.ts';
import { CognitoError } from '../errors.ts';
import { modifyPool } from './modify-pool.ts';
import { poolConfigOf, regionOfPool, tagProblem } from './pool-config.ts';
import { requirePool } from './require-pool.ts';

const POOL_ARN = /^arn:aws(?:-[a-z]+)*:cognito-idp:([a-z0-9-]+):(\d{12}):userpool\/([\w-]+_[0-9a-zA-Z]+)$/;

/**
 * The pool a tagging ARN names (`arn:aws:cognito-idp:<region>:<account>:userpool/<pool id>`).
 * Not a user-pool ARN ⇒ InvalidParameterException; a well-formed ARN of another account or
 * region, or of a pool that does not exist ⇒ ResourceNotFoundException.
 */
export async function poolIdOfArn(ctx: RequestContext, arn: string): Promise<string> {
  const m = POOL_ARN.exec(arn);
  if (m === null) {
    throw new CognitoError('InvalidParameterException', `Invalid ARN ${arn}: tags can be set on user pools, arn:aws:cognito-idp:<region>:<account id>:userpool/<user pool id>.`);
  }
  const [, region, account, poolId] = m as unknown as [string, string, string, string];
  if (account !== ctx.deps.config.accountId || region !== regionOfPool(poolId)) {
    throw new CognitoError('ResourceNotFoundException', `User pool ${poolId} does not exist.`);
  }
  await requirePool(ctx.deps.store, poolId);
  return poolId;
}

/** TagResource: adds or overwrites tags of a user pool (the pool's UserPoolTags). */
export async function tagPool(ctx: RequestContext, arn: string, tags: Record<string, string>): Promise<void> {
  await modifyPool(ctx, await poolIdOfArn(ctx, arn), (pool) => {
    const config = poolConfigOf(pool);
    const merged = { ...config.UserPoolTags, ...tags };
    const problem = tagProblem(merged);
    if (problem !== undefined) throw new CognitoError('InvalidParameterException', problem);
    return { config: { ...config, UserPoolTags: merged } };
  });
}

/** UntagResource: removes tags from a user pool; keys it does not have are ignored. */
export async function untagPool(ctx: RequestContext, arn: string, keys: string[]): Promise<void> {
  const remove = new Set(keys);
  await modifyPool(ctx, await poolIdOfArn(ctx, arn), (pool) => {
    const config = poolConfigOf(pool);
    return { config: { ...config, UserPoolTags: Object.fromEntries(Object.entries(config.UserPoolTags ?? {}).filter(([k]) => !remove.has(k))) } };
  });
}
