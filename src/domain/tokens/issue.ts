/**
 * ID, access and refresh tokens exactly as Cognito issues them (spec/auth.md §D): RS256 JWS with
 * the pool's active key (`kid` header, no `typ`), claims in Cognito's order, lifetimes from the
 * app client's settings.
 */
import { createHash, randomUUID, sign, type KeyObject } from 'node:crypto';
import type { Deps } from '../context.ts';
import type { AuthenticationResultType } from '../../generated/shapes.ts';
import type { ClientRecord, GroupRecord, PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { attributeClaims } from './claims.ts';
import { issuerOf, signingKeysOf } from './issuer.ts';
import { newRefreshToken, refreshTokenHash } from './refresh-tokens.ts';
import { tokenValidityOf } from './validity.ts';
import { preTokenGeneration } from './pre-token-generation.ts';

export const USER_ADMIN_SCOPE = 'aws.cognito.signin.user.admin';

export interface IssueTokensInput {
  pool: PoolRecord;
  client: ClientRecord;
  user: UserRecord;
  /** Epoch seconds of the original sign-in (unchanged on refresh). */
  authTime: number;
  /** The token family (refresh token id) the access and ID tokens belong to. */
  originJti: string;
  /** Mint and store a new refresh token of this family (initial sign-in, rotation). */
  withRefreshToken: boolean;
  deviceKey?: string | undefined;
  /** Space-separated scopes; API sign-in gets `aws.cognito.signin.user.admin`. */
  scope?: string | undefined;
  /** Whether an ID token is issued. Default: true for API sign-in; for OAuth, only with the `openid` scope. */
  withIdToken?: boolean;
  /**
   * Tokens of the OAuth endpoints (hosted pages, /oauth2/token): `version: 2` in the access token,
   * `at_hash` (and `nonce`) in the ID token. Default: whether `scope` is given — API sign-in never
   * names scopes, and a refresh token remembers them only when OAuth issued it.
   */
  oauth?: boolean;
  /** The authorization request's `nonce`, echoed in the ID token (OAuth only). */
  nonce?: string | undefined;
  /** The pre token generation trigger's `triggerSource`; default TokenGeneration_HostedAuth for OAuth, else TokenGeneration_Authentication. */
  triggerSource?: string;
  /** RespondToAuthChallenge's ClientMetadata, for the pre token generation trigger. */
  clientMetadata?: Record<string, string> | undefined;
  /** Tokens nobody will see (the hosted pages' sign-in step): the pre token generation trigger is not run for them. */
  withoutPreTokenGeneration?: boolean;
}

/** OIDC `at_hash`: base64url of the left half of SHA-256 over the access token (RS256). */
export function atHashOf(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url');
}

/**
 * A compact RS256 JWS: base64url(header JSON).base64url(claims JSON).base64url(RSASSA-PKCS1-v1_5
 * SHA-256 signature) — byte for byte what jose's SignJWT produced (PKCS#1 v1.5 is deterministic),
 * but signed by node's `crypto.sign` with a callback: the RSA work runs in the libuv thread pool,
 * so the two tokens of a sign-in are signed in parallel and off the event loop (WebCrypto's
 * `subtle.sign`, which jose uses, also spends ~0.1 ms of main-thread time per call).
 */
function signJwt(header: { kid: string; alg: 'RS256' }, claims: Record<string, unknown>, key: KeyObject): Promise<string> {
  const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return new Promise((resolve, reject) => {
    sign('sha256', Buffer.from(input, 'ascii'), key, (err, signature) => (err ? reject(err) : resolve(`${input}.${signature.toString('base64url')}`)));
  });
}

const MAX_GROUPS = 10_000;

async function groupsOf(deps: Deps, user: UserRecord): Promise<GroupRecord[]> {
  return deps.store.groups.listGroupsOfUser(user.poolId, user.sub, undefined, MAX_GROUPS);
}

/** cognito:groups (sorted by precedence, then name), cognito:roles and cognito:preferred_role. */
function groupClaims(groups: GroupRecord[]): { names: string[]; roles: string[]; preferredRole: string | undefined } {
  const sorted = [...groups].sort((a, b) => (a.precedence ?? Number.MAX_SAFE_INTEGER) - (b.precedence ?? Number.MAX_SAFE_INTEGER) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const roles = [...new Set(sorted.map((g) => g.roleArn).filter((r): r is string => typeof r === 'string' && r !== ''))];
  const preferred = sorted.find((g) => g.roleArn && g.precedence !== null) ?? sorted.find((g) => g.roleArn);
  return { names: sorted.map((g) => g.name), roles, preferredRole: preferred?.roleArn ?? undefined };
}

/** Signs the tokens and, when asked, stores the new refresh token (hashed). */
export async function issueTokens(deps: Deps, input: IssueTokensInput): Promise<AuthenticationResultType> {
  const { pool, client, user } = input;
  const nowMs = deps.now();
  const iat = Math.floor(nowMs / 1000);
  const validity = tokenValidityOf(client);
  const iss = issuerOf(deps, pool.id);
  const eventId = randomUUID();
  const { kid, key } = await signingKeysOf(deps).activeKey(deps.store.keys, pool.id);
  let groups = groupClaims(await groupsOf(deps, user));
  let scope = input.scope ?? USER_ADMIN_SCOPE;
  const oauth = input.oauth ?? input.scope !== undefined;
  const changes = input.withoutPreTokenGeneration === true ? undefined : await preTokenGeneration(deps, {
    pool,
    client,
    user,
    triggerSource: input.triggerSource ?? (oauth ? 'TokenGeneration_HostedAuth' : 'TokenGeneration_Authentication'),
    groups,
    scope,
    oauth,
    clientMetadata: input.clientMetadata,
  });
  if (changes !== undefined) {
    groups = changes.groups;
    scope = changes.scope;
  }
  const withIdToken = input.withIdToken ?? (!oauth || scope.split(' ').includes('openid'));

  const access: Record<string, unknown> = { sub: user.sub };
  if (groups.names.length > 0) access['cognito:groups'] = groups.names;
  if (input.deviceKey !== undefined) access['device_key'] = input.deviceKey;
  Object.assign(access, {
    iss,
    ...(oauth ? { version: 2 } : {}),
    client_id: client.id,
    origin_jti: input.originJti,
    event_id: eventId,
    token_use: 'access',
    scope,
    auth_time: input.authTime,
    exp: iat + validity.accessToken,
    iat,
    jti: randomUUID(),
    username: user.username,
  });
  changes?.apply('access', access);
  const header = { kid, alg: 'RS256' } as const;
  const accessSigned = signJwt(header, access, key);
  const signs: Array<Promise<string>> = [accessSigned];

  if (withIdToken) {
    // OAuth ID tokens start with at_hash, as Cognito's do: the access token is signed first.
    const id: Record<string, unknown> = oauth ? { at_hash: atHashOf(await accessSigned) } : {};
    id['sub'] = user.sub;
    if (groups.names.length > 0) id['cognito:groups'] = groups.names;
    const attrs = attributeClaims(client, user.attributes);
    if ('email_verified' in attrs) id['email_verified'] = attrs['email_verified'];
    if ('phone_number_verified' in attrs) id['phone_number_verified'] = attrs['phone_number_verified'];
    if (groups.roles.length > 0) id['cognito:roles'] = groups.roles;
    if (groups.preferredRole !== undefined) id['cognito:preferred_role'] = groups.preferredRole;
    Object.assign(id, {
      iss,
      'cognito:username': user.username,
      ...(oauth && input.nonce !== undefined ? { nonce: input.nonce } : {}),
      origin_jti: input.originJti,
      aud: client.id,
      event_id: eventId,
      token_use: 'id',
      auth_time: input.authTime,
      exp: iat + validity.idToken,
      iat,
      jti: randomUUID(),
    });
    for (const [k, v] of Object.entries(attrs)) if (!(k in id)) id[k] = v;
    changes?.apply('id', id);
    signs.push(signJwt(header, id, key));
  }

  let refreshToken: string | undefined;
  if (input.withRefreshToken) {
    refreshToken = newRefreshToken();
    await deps.store.auth.insertRefreshToken({
      tokenHash: refreshTokenHash(refreshToken),
      poolId: pool.id,
      clientId: client.id,
      userSub: user.sub,
      originJti: input.originJti,
      deviceKey: input.deviceKey ?? null,
      scopes: input.scope ?? null,
      authTime: input.authTime,
      expiresAt: nowMs + validity.refreshToken * 1000,
      revokedAt: null,
      rotatedAt: null,
      createdAt: nowMs,
    });
  }
  const [accessToken, idToken] = await Promise.all(signs);
  const result: AuthenticationResultType = { AccessToken: accessToken as string, ExpiresIn: validity.accessToken, TokenType: 'Bearer' };
  if (refreshToken !== undefined) result.RefreshToken = refreshToken;
  if (idToken !== undefined) result.IdToken = idToken;
  return result;
}

/** How a sign-in ended: its device, the pre token generation `triggerSource` (default TokenGeneration_Authentication) and ClientMetadata. */
export interface SignInTokenOptions {
  deviceKey?: string | undefined;
  triggerSource?: 'TokenGeneration_Authentication' | 'TokenGeneration_NewPasswordChallenge' | 'TokenGeneration_AuthenticateDevice';
  clientMetadata?: Record<string, string> | undefined;
  withoutPreTokenGeneration?: boolean;
}

/** A fresh sign-in: new token family, auth_time now, with a refresh token. */
export function issueSignInTokens(deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord, options: SignInTokenOptions = {}): Promise<AuthenticationResultType> {
  return issueTokens(deps, {
    pool,
    client,
    user,
    authTime: Math.floor(deps.now() / 1000),
    originJti: randomUUID(),
    withRefreshToken: true,
    deviceKey: options.deviceKey,
    ...(options.triggerSource !== undefined ? { triggerSource: options.triggerSource } : {}),
    clientMetadata: options.clientMetadata,
    ...(options.withoutPreTokenGeneration === true ? { withoutPreTokenGeneration: true } : {}),
  });
}
