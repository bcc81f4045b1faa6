import type { RequestContext } from '../context.ts';
import { CognitoError } from '../errors.ts';
import { requirePool } from '../pools/require-pool.ts';

/**
 * GetSigningCertificate: the pool's SAML signing certificate would be an X.509 certificate made
 * from its signing key. node:crypto reads X.509 but cannot issue it, and this server carries no
 * certificate library, so the operation answers honestly instead of returning something that is
 * not a certificate.
 */
export async function signingCertificateOf(ctx: RequestContext, poolId: string): Promise<never> {
  const pool = await requirePool(ctx.deps.store, poolId);
  throw new CognitoError(
    'UnsupportedOperationException',
    `GetSigningCertificate is not supported by this server (Userpool): it does not issue X.509 certificates, so user pool ${pool.id} has no SAML signing certificate.`,
  );
}
