import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { CognitoError } from '../domain/errors.ts';

/**
 * The pool's SAML signing certificate would be an X.509 certificate made from its signing key.
 * node:crypto reads X.509 but cannot issue it, and this server carries no certificate library, so
 * the operation answers honestly instead of returning something that is not a certificate.
 */
export const getSigningCertificate: Handler<'GetSigningCertificate'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  throw new CognitoError(
    'UnsupportedOperationException',
    `GetSigningCertificate is not supported by this server (Userpool): it does not issue X.509 certificates, so user pool ${pool.id} has no SAML signing certificate.`,
  );
};
