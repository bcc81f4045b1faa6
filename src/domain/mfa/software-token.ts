/**
 * AssociateSoftwareToken / VerifySoftwareToken as the API takes them: for the signed-in user
 * (AccessToken) or for the user of an MFA_SETUP sign-in (Session).
 */
import type { Deps } from '../context.ts';
import { CognitoError } from '../errors.ts';
import type { AssociateSoftwareTokenRequest, AssociateSoftwareTokenResponse, VerifySoftwareTokenRequest, VerifySoftwareTokenResponse } from '../../generated/shapes.ts';
import { associateWithSession, verifyWithSession } from '../auth/second-factor.ts';
import { verifyAccessToken } from '../tokens/verify.ts';
import { associateSoftwareToken, verifySoftwareToken } from './user-mfa.ts';

const neitherGiven = (): CognitoError => new CognitoError('InvalidParameterException', 'Either AccessToken or Session is required.');

/**
 * A new TOTP secret (base32, from the CSPRNG, kept sealed and pending until VerifySoftwareToken);
 * with a Session the answer carries the Session for VerifySoftwareToken.
 */
export async function associateSoftwareTokenFor(deps: Deps, input: AssociateSoftwareTokenRequest): Promise<AssociateSoftwareTokenResponse> {
  if (input.AccessToken !== undefined && input.AccessToken !== '') {
    const { pool, user } = await verifyAccessToken(deps, input.AccessToken);
    return { SecretCode: await associateSoftwareToken(deps, pool, user) };
  }
  if (input.Session !== undefined && input.Session !== '') return associateWithSession(deps, input.Session);
  throw neitherGiven();
}

/**
 * A code (RFC 6238, ±1 step, each code once) that fits the pending secret makes it the user's
 * authenticator. With a Session (MFA_SETUP) software-token MFA is switched on and the new Session
 * answers RespondToAuthChallenge MFA_SETUP; with an AccessToken the user switches it on with
 * SetUserMFAPreference.
 */
export async function verifySoftwareTokenFor(deps: Deps, input: VerifySoftwareTokenRequest): Promise<VerifySoftwareTokenResponse> {
  if (input.AccessToken !== undefined && input.AccessToken !== '') {
    const { pool, user } = await verifyAccessToken(deps, input.AccessToken);
    await verifySoftwareToken(deps, pool, user, input.UserCode, input.FriendlyDeviceName, false);
    return { Status: 'SUCCESS' };
  }
  if (input.Session !== undefined && input.Session !== '') return verifyWithSession(deps, input.Session, input.UserCode, input.FriendlyDeviceName);
  throw neitherGiven();
}
