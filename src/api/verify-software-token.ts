import type { Handler } from './context.ts';
import { callerOf } from './auth-common.ts';
import { CognitoError } from '../domain/errors.ts';
import { verifyWithSession } from '../domain/auth/second-factor.ts';
import { verifySoftwareToken as verify } from '../domain/mfa/user-mfa.ts';

/**
 * VerifySoftwareToken: a code (RFC 6238, ±1 step, each code once) that fits the pending secret
 * makes it the user's authenticator. With a Session (MFA_SETUP) software-token MFA is switched on
 * and the new Session answers RespondToAuthChallenge MFA_SETUP; with an AccessToken the user
 * switches it on with SetUserMFAPreference.
 */
export const verifySoftwareToken: Handler<'VerifySoftwareToken'> = async (input, ctx) => {
  if (input.AccessToken !== undefined && input.AccessToken !== '') {
    const { pool, user } = await callerOf(ctx, input.AccessToken);
    await verify(ctx.deps, pool, user, input.UserCode, input.FriendlyDeviceName, false);
    return { Status: 'SUCCESS' };
  }
  if (input.Session !== undefined && input.Session !== '') return verifyWithSession(ctx.deps, input.Session, input.UserCode, input.FriendlyDeviceName);
  throw new CognitoError('InvalidParameterException', 'Either AccessToken or Session is required.');
};
