/**
 * User pool domains (CreateUserPoolDomain & co.): the domain row (unique across pools) and the
 * pool's `Domain` / `CustomDomain` setting change together in one transaction.
 */
import { createHash } from 'node:crypto';
import type { RequestContext } from '../domain/context.ts';
import { CognitoError } from '../domain/errors.ts';
import { regionOfPool } from '../domain/pools/pool-config.ts';
import type { DomainDescriptionType } from '../generated/shapes.ts';
import type { DomainRecord, PoolRecord } from '../storage/ports/index.ts';
import type { Store } from '../storage/ports/index.ts';

const MAX_ATTEMPTS = 20;
class PoolChanged extends Error {}

/**
 * Runs `work` and writes the pool config it returns in one transaction, with a compare-and-set
 * on the pool's `updatedAt` (a concurrent pool update makes it start over).
 */
export async function withPoolConfig(ctx: RequestContext, poolId: string, work: (tx: Store, pool: PoolRecord) => Promise<Record<string, unknown>>): Promise<void> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    try {
      await ctx.deps.store.transaction(async (tx) => {
        const pool = await tx.pools.findPool(poolId);
        if (pool === undefined) throw new CognitoError('ResourceNotFoundException', `User pool ${poolId} does not exist.`);
        const config = await work(tx, pool);
        const next: PoolRecord = { ...pool, config, updatedAt: Math.max(ctx.deps.now(), pool.updatedAt + 1) };
        if (!(await tx.pools.updatePoolIfUnchanged(next, pool.updatedAt))) throw new PoolChanged();
      });
      return;
    } catch (err) {
      if (!(err instanceof PoolChanged)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 1 + Math.floor(Math.random() * (5 + attempt * 5))));
    }
  }
  throw new CognitoError('ConcurrentModificationException', `User pool ${poolId} was modified concurrently; retry the request.`);
}

/** The pool config with `Domain` (prefix) or `CustomDomain` set to `value`, or removed when undefined. */
export function configWithDomain(pool: PoolRecord, custom: boolean, value: string | undefined): Record<string, unknown> {
  const key = custom ? 'CustomDomain' : 'Domain';
  const config: Record<string, unknown> = { ...pool.config };
  if (value === undefined) delete config[key];
  else config[key] = value;
  return config;
}

/** The CloudFront distribution a custom domain's DNS would alias: a stable placeholder (this server serves it). */
export function cloudFrontOf(domain: string): string {
  return `d${createHash('sha256').update(domain).digest('hex').slice(0, 13)}.cloudfront.net`;
}

/** DomainDescription.Version: the last change as `yyyyMMddHHmmss`, as AWS formats it. */
export function domainVersion(at: number): string {
  return new Date(at).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export const noSuchDomain = (): CognitoError => new CognitoError('InvalidParameterException', 'No such domain or user pool exists.');

/** The domain of this pool, or `InvalidParameterException: No such domain or user pool exists.` */
export async function requirePoolDomain(store: Store, poolId: string, domain: string): Promise<DomainRecord> {
  const d = await store.oauth.findDomain(domain);
  if (d === undefined || d.poolId !== poolId) throw noSuchDomain();
  return d;
}

export function toDomainDescription(ctx: RequestContext, d: DomainRecord): DomainDescriptionType {
  const out: DomainDescriptionType = {
    UserPoolId: d.poolId,
    AWSAccountId: ctx.deps.config.accountId,
    Domain: d.domain,
    S3Bucket: `aws-cognito-prod-${regionOfPool(d.poolId)}-assets`,
    CloudFrontDistribution: cloudFrontOf(d.domain),
    Version: d.version,
    Status: 'ACTIVE',
  };
  if (d.certificateArn !== null) out.CustomDomainConfig = { CertificateArn: d.certificateArn };
  if (d.managedLoginVersion !== null) out.ManagedLoginVersion = d.managedLoginVersion;
  return out;
}
