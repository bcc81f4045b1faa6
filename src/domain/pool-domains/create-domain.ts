import type { RequestContext } from '../context.ts';
import type { CreateUserPoolDomainRequest } from '../../generated/shapes.ts';
import { CognitoError } from '../errors.ts';
import { modifyPool } from '../pools/modify-pool.ts';
import { poolConfigOf } from '../pools/pool-config.ts';
import { requirePool } from '../pools/require-pool.ts';
import { configWithDomain, domainVersion } from './pool-domain.ts';
import { UniqueViolation, type DomainRecord, type PoolRecord } from '../../storage/ports/index.ts';

/** Words AWS refuses in a prefix domain. */
const RESERVED = ['aws', 'amazon', 'cognito'];

const alreadyConfigured = (): CognitoError => new CognitoError('InvalidParameterException', 'User pool already has a domain configured.');

/**
 * CreateUserPoolDomain: a prefix domain (`<Domain>.auth.<region>.amazoncognito.com`; here also
 * reachable by Host header or by path `/{poolId}/…`) or, with CustomDomainConfig, a custom domain.
 * A pool has at most one of each; a domain belongs to one pool.
 */
export async function createPoolDomain(ctx: RequestContext, input: CreateUserPoolDomainRequest): Promise<DomainRecord> {
  const pool = await requirePool(ctx.deps.store, input.UserPoolId);
  const custom = input.CustomDomainConfig !== undefined;
  if (!custom) {
    const word = RESERVED.find((w) => input.Domain.includes(w));
    if (word !== undefined) throw new CognitoError('InvalidParameterException', `Domain cannot contain reserved word: ${word}`);
  }
  const hasDomain = (p: PoolRecord): boolean => (custom ? poolConfigOf(p).CustomDomain : poolConfigOf(p).Domain) !== undefined;
  if (hasDomain(pool)) throw alreadyConfigured();
  const now = ctx.deps.now();
  const record: DomainRecord = {
    domain: input.Domain,
    poolId: pool.id,
    custom,
    certificateArn: input.CustomDomainConfig?.CertificateArn ?? null,
    managedLoginVersion: input.ManagedLoginVersion ?? null,
    version: domainVersion(now),
    createdAt: now,
    updatedAt: now,
  };
  try {
    await modifyPool(ctx, pool.id, async (current, tx) => {
      if (hasDomain(current)) throw alreadyConfigured();
      await tx.oauth.insertDomain(record);
      return { config: configWithDomain(current, custom, input.Domain) };
    });
  } catch (err) {
    if (err instanceof UniqueViolation) throw new CognitoError('InvalidParameterException', 'Domain already associated with another user pool.');
    throw err;
  }
  return record;
}
