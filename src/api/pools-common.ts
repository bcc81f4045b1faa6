import { randomInt } from 'node:crypto';
import type { RequestContext } from '../domain/context.ts';
import { requirePool } from './lookups.ts';
import { CognitoError } from '../domain/errors.ts';
import { INVALID_PAGE_TOKEN_MESSAGE, decodePageToken, encodePageToken } from '../domain/paging.ts';
import { regionOfPool } from '../domain/pools/pool-config.ts';
import type { PoolRecord } from '../storage/ports/index.ts';

/** How often a pool write is retried when another request changed the pool meanwhile. */
const MAX_POOL_WRITE_ATTEMPTS = 20;

/**
 * Read-modify-write of a pool with a compare-and-set on its `updatedAt`, so concurrent updates
 * (on this node or another) never overwrite each other: a lost race re-reads and re-applies
 * `change`, which must therefore be a pure function of the pool it is given.
 */
export async function modifyPool(
  ctx: RequestContext,
  poolId: string,
  change: (pool: PoolRecord) => Promise<Pick<PoolRecord, 'name' | 'config'>> | Pick<PoolRecord, 'name' | 'config'>,
): Promise<PoolRecord> {
  for (let attempt = 0; attempt < MAX_POOL_WRITE_ATTEMPTS; attempt++) {
    const pool = await requirePool(ctx, poolId);
    const { name, config } = await change(pool);
    const next: PoolRecord = { ...pool, name, config, updatedAt: Math.max(ctx.deps.now(), pool.updatedAt + 1) };
    if (await ctx.deps.store.pools.updatePoolIfUnchanged(next, pool.updatedAt)) return next;
    await new Promise((resolve) => setTimeout(resolve, randomInt(1, 5 + attempt * 5))); // jittered back-off
  }
  throw new CognitoError('ConcurrentModificationException', `User pool ${poolId} was modified concurrently; retry the request.`);
}

/** UpdateUserPool, AddCustomAttributes and DeleteUserPool wait until a running user import ends. */
export async function requireNoImportInProgress(ctx: RequestContext, poolId: string): Promise<void> {
  if (await ctx.deps.store.imports.hasImportInProgress(poolId)) {
    throw new CognitoError('UserImportInProgressException', `A user import job is in progress for user pool ${poolId}; wait for it to finish or stop it first.`);
  }
}

/** The string cursor of a NextToken minted for `scope` (operation + pool/region); anything else is InvalidParameterException. */
export function readCursor(ctx: RequestContext, scope: string, token: string): string {
  const value = decodePageToken(ctx.deps.tokenKey, scope, token, ctx.deps.now())['k'];
  if (typeof value !== 'string') throw new CognitoError('InvalidParameterException', INVALID_PAGE_TOKEN_MESSAGE);
  return value;
}

export function makeCursor(ctx: RequestContext, scope: string, lastKey: string): string {
  return encodePageToken(ctx.deps.tokenKey, scope, { k: lastKey }, ctx.deps.now());
}

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
  await requirePool(ctx, poolId);
  return poolId;
}
