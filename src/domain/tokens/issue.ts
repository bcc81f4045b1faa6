/**
 * ID, access and refresh tokens exactly as Cognito issues them (spec/auth.md §D): RS256 JWS with
 * the pool's active key (`kid` header, no `typ`), claims in Cognito's order, lifetimes from the
 * app client's settings.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Deps } from '../../api/context.ts';
import type { AuthenticationResultType } from '../../generated/shapes.ts';
import type { ClientRecord, GroupRecord, PoolRecord, UserRecord } from '../../storage/ports.ts';
import { attributeClaims } from './claims.ts';
import { issuerOf, signingKeysOf } from './issuer.ts';
import { newRefreshToken, refreshTokenHash } from './refresh-tokens.ts';
import { tokenValidityOf } from './validity.ts';

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
  /** Whether an ID token is issued (OAuth without `openid` gets none). Default true. */
  withIdToken?: boolean;
}

const MAX_GROUPS = 10_000;

async function groupsOf(deps: Deps, user: UserRecord): Promise<GroupRecord[]> {
  return deps.store.listGroupsOfUser(user.poolId, user.sub, undefined, MAX_GROUPS);
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
  const { kid, key } = await signingKeysOf(deps).activeKey(deps.store, pool.id);
  const groups = groupClaims(await groupsOf(deps, user));
  const scope = input.scope ?? USER_ADMIN_SCOPE;

  const access: Record<string, unknown> = { sub: user.sub };
  if (groups.names.length > 0) access['cognito:groups'] = groups.names;
  if (input.deviceKey !== undefined) access['device_key'] = input.deviceKey;
  Object.assign(access, {
    iss,
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
  const header = { kid, alg: 'RS256' } as const;
  const signs: Array<Promise<string>> = [new SignJWT(access).setProtectedHeader(header).sign(key)];

  if (input.withIdToken !== false) {
    const id: Record<string, unknown> = { sub: user.sub };
    if (groups.names.length > 0) id['cognito:groups'] = groups.names;
    const attrs = attributeClaims(client, user.attributes);
    if ('email_verified' in attrs) id['email_verified'] = attrs['email_verified'];
    if ('phone_number_verified' in attrs) id['phone_number_verified'] = attrs['phone_number_verified'];
    if (groups.roles.length > 0) id['cognito:roles'] = groups.roles;
    if (groups.preferredRole !== undefined) id['cognito:preferred_role'] = groups.preferredRole;
    Object.assign(id, {
      iss,
      'cognito:username': user.username,
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
    signs.push(new SignJWT(id).setProtectedHeader(header).sign(key));
  }

  let refreshToken: string | undefined;
  if (input.withRefreshToken) {
    refreshToken = newRefreshToken();
    await deps.store.insertRefreshToken({
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

/** A fresh sign-in: new token family, auth_time now, with a refresh token. */
export function issueSignInTokens(deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord, deviceKey?: string): Promise<AuthenticationResultType> {
  return issueTokens(deps, {
    pool,
    client,
    user,
    authTime: Math.floor(deps.now() / 1000),
    originJti: randomUUID(),
    withRefreshToken: true,
    deviceKey,
  });
}
