import type { Handler } from './context.ts';
import { callerOf } from './auth-common.ts';
import { CognitoError } from '../domain/errors.ts';
import { associateWithSession } from '../domain/auth/second-factor.ts';
import { associateSoftwareToken as associate } from '../domain/mfa/user-mfa.ts';

/**
 * AssociateSoftwareToken: a new TOTP secret (base32, from the CSPRNG, kept sealed and pending
 * until VerifySoftwareToken) for the signed-in user (AccessToken) or for the user of an MFA_SETUP
 * sign-in (Session; the answer carries the Session for VerifySoftwareToken).
 */
export const associateSoftwareToken: Handler<'AssociateSoftwareToken'> = async (input, ctx) => {
  if (input.AccessToken !== undefined && input.AccessToken !== '') {
    const { pool, user } = await callerOf(ctx, input.AccessToken);
    return { SecretCode: await associate(ctx.deps, pool, user) };
  }
  if (input.Session !== undefined && input.Session !== '') return associateWithSession(ctx.deps, input.Session);
  throw new CognitoError('InvalidParameterException', 'Either AccessToken or Session is required.');
};
