/**
 * User pool domains (CreateUserPoolDomain & co.): the domain row (unique across pools) and the
 * pool's `Domain` / `CustomDomain` setting change together (see modifyPool).
 */
import { createHash } from 'node:crypto';
import type { RequestContext } from '../context.ts';
import { CognitoError } from '../errors.ts';
import { poolConfigOf, regionOfPool, type PoolConfig } from '../pools/pool-config.ts';
import type { CreateUserPoolDomainResponse, DomainDescriptionType } from '../../generated/shapes.ts';
import type { DomainRecord, PoolRecord, Store } from '../../storage/ports/index.ts';

/** The pool config with `Domain` (prefix) or `CustomDomain` set to `value`, or removed when undefined. */
export function configWithDomain(pool: PoolRecord, custom: boolean, value: string | undefined): PoolConfig {
  const key = custom ? 'CustomDomain' : 'Domain';
  const config: PoolConfig = { ...poolConfigOf(pool) };
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

/** What CreateUserPoolDomain and UpdateUserPoolDomain answer: the managed-login version, and a custom domain's CloudFront alias. */
export function toDomainChangeResponse(d: DomainRecord): CreateUserPoolDomainResponse {
  return {
    ...(d.managedLoginVersion !== null ? { ManagedLoginVersion: d.managedLoginVersion } : {}),
    ...(d.custom ? { CloudFrontDomain: cloudFrontOf(d.domain) } : {}),
  };
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
