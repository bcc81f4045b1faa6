import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { cloudFrontOf, domainVersion, requirePoolDomain } from './domains-common.ts';
import { CognitoError } from '../domain/errors.ts';

/** Changes a custom domain's certificate and/or the managed-login version of either kind of domain. */
export const updateUserPoolDomain: Handler<'UpdateUserPoolDomain'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const d = await requirePoolDomain(ctx.deps.store, pool.id, input.Domain);
  if (input.CustomDomainConfig !== undefined && !d.custom) {
    throw new CognitoError('InvalidParameterException', 'CustomDomainConfig can only be set on a custom domain; this is an Amazon Cognito prefix domain.');
  }
  if (input.CustomDomainConfig === undefined && input.ManagedLoginVersion === undefined) {
    throw new CognitoError('InvalidParameterException', 'Nothing to update: provide CustomDomainConfig (custom domains) or ManagedLoginVersion.');
  }
  const now = ctx.deps.now();
  const next = {
    ...d,
    certificateArn: input.CustomDomainConfig?.CertificateArn ?? d.certificateArn,
    managedLoginVersion: input.ManagedLoginVersion ?? d.managedLoginVersion,
    version: domainVersion(Math.max(now, d.updatedAt + 1000)),
    updatedAt: now,
  };
  await ctx.deps.store.oauth.updateDomain(next);
  return {
    ...(next.managedLoginVersion !== null ? { ManagedLoginVersion: next.managedLoginVersion } : {}),
    ...(d.custom ? { CloudFrontDomain: cloudFrontOf(d.domain) } : {}),
  };
};
