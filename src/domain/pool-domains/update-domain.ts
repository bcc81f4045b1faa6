import type { RequestContext } from '../context.ts';
import { CognitoError } from '../errors.ts';
import { requirePool } from '../pools/require-pool.ts';
import { domainVersion, requirePoolDomain } from './pool-domain.ts';
import type { UpdateUserPoolDomainRequest } from '../../generated/shapes.ts';
import type { DomainRecord } from '../../storage/ports/index.ts';

/** UpdateUserPoolDomain: a custom domain's certificate and/or the managed-login version of either kind of domain. */
export async function updatePoolDomain(ctx: RequestContext, input: UpdateUserPoolDomainRequest): Promise<DomainRecord> {
  const pool = await requirePool(ctx.deps.store, input.UserPoolId);
  const d = await requirePoolDomain(ctx.deps.store, pool.id, input.Domain);
  if (input.CustomDomainConfig !== undefined && !d.custom) {
    throw new CognitoError('InvalidParameterException', 'CustomDomainConfig can only be set on a custom domain; this is an Amazon Cognito prefix domain.');
  }
  if (input.CustomDomainConfig === undefined && input.ManagedLoginVersion === undefined) {
    throw new CognitoError('InvalidParameterException', 'Nothing to update: provide CustomDomainConfig (custom domains) or ManagedLoginVersion.');
  }
  const now = ctx.deps.now();
  const next: DomainRecord = {
    ...d,
    certificateArn: input.CustomDomainConfig?.CertificateArn ?? d.certificateArn,
    managedLoginVersion: input.ManagedLoginVersion ?? d.managedLoginVersion,
    version: domainVersion(Math.max(now, d.updatedAt + 1000)),
    updatedAt: now,
  };
  await ctx.deps.store.oauth.updateDomain(next);
  return next;
}
