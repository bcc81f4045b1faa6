import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { cloudFrontOf, configWithDomain, domainVersion, withPoolConfig } from './domains-common.ts';
import { CognitoError } from '../domain/errors.ts';
import { poolConfigOf } from '../domain/pools/pool-config.ts';
import { UniqueViolation, type DomainRecord } from '../storage/ports/index.ts';

/** Words AWS refuses in a prefix domain. */
const RESERVED = ['aws', 'amazon', 'cognito'];

/**
 * A prefix domain (`<Domain>.auth.<region>.amazoncognito.com`; here also reachable by Host header
 * or by path `/{poolId}/…`) or, with CustomDomainConfig, a custom domain. A pool has at most one
 * of each; a domain belongs to one pool.
 */
export const createUserPoolDomain: Handler<'CreateUserPoolDomain'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const custom = input.CustomDomainConfig !== undefined;
  if (!custom) {
    const word = RESERVED.find((w) => input.Domain.includes(w));
    if (word !== undefined) throw new CognitoError('InvalidParameterException', `Domain cannot contain reserved word: ${word}`);
  }
  const config = poolConfigOf(pool);
  if ((custom ? config.CustomDomain : config.Domain) !== undefined) throw new CognitoError('InvalidParameterException', 'User pool already has a domain configured.');
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
    await withPoolConfig(ctx, pool.id, async (tx, current) => {
      if ((custom ? current.config['CustomDomain'] : current.config['Domain']) !== undefined) throw new CognitoError('InvalidParameterException', 'User pool already has a domain configured.');
      await tx.oauth.insertDomain(record);
      return configWithDomain(current, custom, input.Domain);
    });
  } catch (err) {
    if (err instanceof UniqueViolation) throw new CognitoError('InvalidParameterException', 'Domain already associated with another user pool.');
    throw err;
  }
  return {
    ...(input.ManagedLoginVersion !== undefined ? { ManagedLoginVersion: input.ManagedLoginVersion } : {}),
    ...(custom ? { CloudFrontDomain: cloudFrontOf(input.Domain) } : {}),
  };
};
