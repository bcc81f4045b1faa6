/**
 * Refresh tokens on the way back in: REFRESH_TOKEN(_AUTH), GetTokensFromRefreshToken (with
 * optional rotation), RevokeToken, and global sign-out (spec/auth.md §D.4).
 */
import type { Deps } from '../context.ts';
import type { AuthenticationResultType, GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse, RevokeTokenRequest } from '../../generated/shapes.ts';
import { CognitoError } from '../errors.ts';
import type { ClientRecord, PoolRecord, RefreshTokenRecord, UserRecord } from '../../storage/ports/index.ts';
import { clientConfigOf } from '../clients/client-config.ts';
import { findUserDevice } from '../devices/devices.ts';
import { issueTokens } from '../tokens/issue.ts';
import { looksLikeRefreshToken, refreshTokenHash } from '../tokens/refresh-tokens.ts';
import { checkSecretHash, clientSecretMatches } from './client-rules.ts';

const invalidRefreshToken = (): CognitoError => new CognitoError('NotAuthorizedException', 'Invalid Refresh Token');

interface RefreshCall {
  deps: Deps;
  pool: PoolRecord;
  client: ClientRecord;
}

/** The live refresh token and its user, or AWS's NotAuthorizedException. */
async function liveRefreshToken(call: RefreshCall, token: string): Promise<{ record: RefreshTokenRecord; user: UserRecord }> {
  const { deps, pool, client } = call;
  if (!looksLikeRefreshToken(token)) throw invalidRefreshToken();
  const record = await deps.store.auth.findRefreshToken(refreshTokenHash(token));
  if (record === undefined || record.poolId !== pool.id || record.clientId !== client.id) throw invalidRefreshToken();
  const now = deps.now();
  if (record.revokedAt !== null) throw new CognitoError('NotAuthorizedException', 'Refresh Token has been revoked');
  if (record.expiresAt <= now) {
    if (record.rotatedAt !== null) {
      // A rotated-out token coming back after its grace period means it leaked: the whole family
      // (the newest token too) is revoked, as OAuth 2.0 Security BCP §4.14.2 advises; AWS is silent.
      await deps.store.auth.revokeRefreshFamily(pool.id, record.originJti, now);
      throw new CognitoError('RefreshTokenReuseException', 'Refresh token has already been used and replaced by a new one.');
    }
    throw new CognitoError('NotAuthorizedException', 'Refresh Token has expired');
  }
  const user = await deps.store.users.findUserBySub(pool.id, record.userSub);
  if (user === undefined) throw invalidRefreshToken();
  if (record.createdAt < user.tokensValidAfter) throw new CognitoError('NotAuthorizedException', 'Refresh Token has been revoked');
  if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
  return { record, user };
}

/**
 * A refresh token issued to a device (the pool tracks devices) refreshes only on that device:
 * the request names its key (DEVICE_KEY / DeviceKey), and the device was confirmed and not
 * forgotten since — as on AWS, where an unconfirmed or forgotten device's refresh token answers
 * `Invalid Refresh Token`.
 */
async function assertDeviceMayRefresh(call: RefreshCall, record: RefreshTokenRecord, user: UserRecord, deviceKey: string | undefined): Promise<void> {
  if (record.deviceKey === null) return;
  if (deviceKey !== record.deviceKey || (await findUserDevice(call.deps.store, user, deviceKey)) === undefined) throw invalidRefreshToken();
}

/** New ID and access tokens of the refresh token's family (and a new refresh token with `withRefreshToken`). */
function tokensOfFamily(call: RefreshCall, record: RefreshTokenRecord, user: UserRecord, withRefreshToken: boolean): Promise<AuthenticationResultType> {
  return issueTokens(call.deps, {
    pool: call.pool,
    client: call.client,
    user,
    authTime: record.authTime,
    originJti: record.originJti,
    withRefreshToken,
    deviceKey: record.deviceKey ?? undefined,
    scope: record.scopes ?? undefined,
    triggerSource: 'TokenGeneration_RefreshTokens',
  });
}

/** InitiateAuth REFRESH_TOKEN_AUTH / REFRESH_TOKEN: new ID and access tokens, no new refresh token. */
export async function refreshTokenAuth(call: RefreshCall, token: string, secretHash: string | undefined, deviceKey: string | undefined): Promise<AuthenticationResultType> {
  const { record, user } = await liveRefreshToken(call, token);
  // SECRET_HASH for refresh is computed with the token owner's real Username (the UUID in email-as-username pools).
  checkSecretHash(call.deps, call.client, [user.username], secretHash);
  await assertDeviceMayRefresh(call, record, user, deviceKey);
  return tokensOfFamily(call, record, user, false);
}

/**
 * GetTokensFromRefreshToken: like REFRESH_TOKEN_AUTH; with `RefreshTokenRotation.Feature=ENABLED`
 * also a new refresh token (same family), the old one living on for RetryGracePeriodSeconds.
 */
export async function refreshWithRotation(call: RefreshCall, token: string, deviceKey?: string): Promise<AuthenticationResultType> {
  const { deps, client } = call;
  const { record, user } = await liveRefreshToken(call, token);
  await assertDeviceMayRefresh(call, record, user, deviceKey);
  const rotation = clientConfigOf(client).RefreshTokenRotation;
  const rotate = rotation?.Feature === 'ENABLED';
  const result = await tokensOfFamily(call, record, user, rotate);
  if (rotate) {
    const grace = Math.max(0, Math.min(60, rotation?.RetryGracePeriodSeconds ?? 0));
    await deps.store.auth.retireRefreshToken(record.tokenHash, deps.now(), deps.now() + grace * 1000);
  }
  return result;
}

/** GetTokensFromRefreshToken: the client's secret (ClientSecret, not SECRET_HASH) checked first. */
export async function tokensFromRefreshToken(call: RefreshCall, input: GetTokensFromRefreshTokenRequest): Promise<GetTokensFromRefreshTokenResponse> {
  const secret = clientSecretMatches(call.deps, call.client, input.ClientSecret);
  if (secret === 'missing') throw new CognitoError('NotAuthorizedException', `Client ${call.client.id} is configured with secret but ClientSecret was not received`);
  if (secret === 'wrong') throw new CognitoError('NotAuthorizedException', `Unable to verify secret for client ${call.client.id}`);
  return { AuthenticationResult: await refreshWithRotation(call, input.RefreshToken, input.DeviceKey) };
}

/**
 * RevokeToken (the API operation): the app client named by ClientId, authenticated by its
 * ClientSecret and allowed to revoke (EnableTokenRevocation), revokes one of its refresh tokens.
 */
export async function revokeTokenOfClient(deps: Deps, input: RevokeTokenRequest): Promise<void> {
  const client = await deps.store.clients.findClientById(input.ClientId);
  const pool = client && (await deps.store.pools.findPool(client.poolId));
  if (!client || !pool) throw new CognitoError('UnauthorizedException', `Client ${input.ClientId} is not authorized: no such app client.`);
  const secret = clientSecretMatches(deps, client, input.ClientSecret);
  if (secret !== 'ok') throw new CognitoError('UnauthorizedException', secret === 'missing' ? `Client ${client.id} is configured with secret but ClientSecret was not received` : `Unable to verify secret for client ${client.id}`);
  if (clientConfigOf(client).EnableTokenRevocation === false) {
    throw new CognitoError('UnsupportedOperationException', 'Token revocation is not enabled for this app client.');
  }
  await revokeRefreshToken({ deps, pool, client }, input.Token);
}

/** RevokeToken: the refresh token and every access token of its family. Unknown tokens are ignored (200, as OAuth). */
export async function revokeRefreshToken(call: RefreshCall, token: string): Promise<void> {
  const { deps, pool, client } = call;
  if (!looksLikeRefreshToken(token)) {
    throw new CognitoError('UnsupportedTokenTypeException', 'The token provided is not a refresh token; only refresh tokens can be revoked.');
  }
  const record = await deps.store.auth.findRefreshToken(refreshTokenHash(token));
  if (record === undefined || record.poolId !== pool.id) return;
  if (record.clientId !== client.id) throw new CognitoError('UnauthorizedException', 'The refresh token was not issued to this client.');
  await deps.store.auth.revokeRefreshFamily(pool.id, record.originJti, deps.now());
}

/**
 * GlobalSignOut / AdminUserGlobalSignOut: every refresh token of the user is revoked, and with it
 * every access token minted from one; tokens issued before now stop verifying.
 */
export async function signOutEverywhere(deps: Deps, user: UserRecord): Promise<void> {
  const now = deps.now();
  await deps.store.transaction(async (tx) => {
    await tx.auth.revokeUserRefreshTokens(user.poolId, user.sub, now);
    await tx.users.setUserTokensValidAfter(user.poolId, user.sub, now);
  });
}
