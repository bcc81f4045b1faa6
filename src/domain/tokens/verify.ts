/**
 * Access tokens on the way back in (GetUser, ChangePassword, GlobalSignOut, …): signature with
 * the pool's key, expiry, token_use, issuer, scope, revocation, and the user's state, answered
 * with AWS's messages (spec/protocol.md §4).
 */
import { decodeJwt, decodeProtectedHeader, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import type { Deps } from '../context.ts';
import { CognitoError } from '../errors.ts';
import type { PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { USER_ADMIN_SCOPE } from './issue.ts';
import { issuerOf, poolIdFromIssuer, signingKeysOf } from './issuer.ts';

export interface AccessTokenClaims extends JWTPayload {
  sub: string;
  iss: string;
  client_id: string;
  token_use: 'access';
  scope: string;
  auth_time: number;
  iat: number;
  exp: number;
  jti: string;
  origin_jti?: string;
  event_id?: string;
  username: string;
  device_key?: string;
  'cognito:groups'?: string[];
}

export interface VerifiedAccessToken {
  pool: PoolRecord;
  user: UserRecord;
  claims: AccessTokenClaims;
}

const invalid = (): CognitoError => new CognitoError('NotAuthorizedException', 'Invalid Access Token');

export interface VerifyOptions {
  /** Scope the operation needs (default aws.cognito.signin.user.admin); null = any. */
  requiredScope?: string | null;
  /** Whether a disabled user is refused (default true). */
  requireEnabled?: boolean;
  /** Whether RESET_REQUIRED / UNCONFIRMED users are refused (default true). */
  requireActive?: boolean;
}

/** Checks an access token completely and returns its pool, user and claims, or throws AWS's error. */
export async function verifyAccessToken(deps: Deps, token: string, options: VerifyOptions = {}): Promise<VerifiedAccessToken> {
  let kid: string | undefined;
  let unverified: JWTPayload;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== 'RS256' || typeof header.kid !== 'string') throw invalid();
    kid = header.kid;
    unverified = decodeJwt(token);
  } catch {
    throw invalid();
  }
  const poolId = typeof unverified.iss === 'string' ? poolIdFromIssuer(unverified.iss) : undefined;
  if (poolId === undefined || unverified.iss !== issuerOf(deps, poolId)) throw invalid();
  const key = await signingKeysOf(deps).verificationKey(deps.store.keys, poolId, kid);
  if (key === undefined) throw invalid();
  let claims: AccessTokenClaims;
  try {
    const verified = await jwtVerify(token, key, {
      algorithms: ['RS256'],
      issuer: issuerOf(deps, poolId),
      currentDate: new Date(deps.now()),
      requiredClaims: ['exp', 'iat', 'sub'],
    });
    claims = verified.payload as AccessTokenClaims;
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw new CognitoError('NotAuthorizedException', 'Access Token has expired');
    throw invalid();
  }
  if (claims.token_use !== 'access' || typeof claims.sub !== 'string' || typeof claims.iat !== 'number') throw invalid();
  const required = options.requiredScope === undefined ? USER_ADMIN_SCOPE : options.requiredScope;
  if (required !== null && !(typeof claims.scope === 'string' && claims.scope.split(' ').includes(required))) {
    throw new CognitoError('NotAuthorizedException', 'Access Token does not have required scopes');
  }
  const pool = await deps.store.pools.findPool(poolId);
  if (pool === undefined) throw invalid();
  const [user, family] = await Promise.all([
    deps.store.users.findUserBySub(poolId, claims.sub),
    typeof claims.origin_jti === 'string' ? deps.store.auth.refreshFamilyState(claims.origin_jti) : Promise.resolve(undefined),
  ]);
  if (family?.revoked) throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked');
  if (user === undefined) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  // Tokens issued before the user's tokensValidAfter (global sign-out, disable) are dead. The family's
  // sign-in time is exact (ms); `iat` has whole seconds, so without a family only earlier seconds count.
  const issuedBefore = family !== undefined ? family.createdAt < user.tokensValidAfter : claims.iat < Math.floor(user.tokensValidAfter / 1000);
  if (issuedBefore) throw new CognitoError('NotAuthorizedException', 'Access Token has been revoked');
  if (options.requireEnabled !== false && !user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
  if (options.requireActive !== false) {
    if (user.status === 'RESET_REQUIRED') throw new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
    if (user.status === 'UNCONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
  }
  return { pool, user, claims };
}
