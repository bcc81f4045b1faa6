/**
 * What an app client allows and demands on sign-in (spec/auth.md §B, §C): ExplicitAuthFlows,
 * SECRET_HASH / ClientSecret, PreventUserExistenceErrors.
 */
import { createHmac } from 'node:crypto';
import type { Deps } from '../context.ts';
import { CognitoError } from '../errors.ts';
import type { ClientRecord, PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { resolveUser } from '../users/resolve.ts';
import { clientConfigOf, clientSecretsOf, effectiveAuthFlows } from '../clients/client-config.ts';
import { safeEqual } from '../crypto/sealed.ts';

/** SECRET_HASH = Base64(HMAC-SHA256(key = client secret, message = username + clientId)). */
export function computeSecretHash(secret: string, username: string, clientId: string): string {
  return createHmac('sha256', secret).update(username + clientId, 'utf8').digest('base64');
}

/** The client's secret(s) in plain text; empty for a public client. */
export function clientSecrets(deps: Deps, client: ClientRecord): string[] {
  return clientSecretsOf(client, deps.masterKey);
}

/**
 * The user a request's USERNAME names (username, sub or alias; undefined when none), once its
 * SECRET_HASH fits the name as sent or the user's real Username.
 */
export async function namedUser(call: { deps: Deps; pool: PoolRecord; client: ClientRecord }, username: string, secretHash: string | undefined): Promise<UserRecord | undefined> {
  const user = await resolveUser(call.deps.store, call.pool, username);
  checkSecretHash(call.deps, call.client, [username, user?.username], secretHash);
  return user;
}

/**
 * Whether a challenge answer's USERNAME (when it sends one) names the challenge's user: the name the
 * sign-in was started with (`named`), the user's sub, or another of that user's names (an alias).
 * `user` undefined: an unknown user on a client that hides user existence, whose only name is `named`.
 */
export async function answerNamesUser(deps: Deps, pool: PoolRecord, given: string | undefined, named: string, user: UserRecord | undefined): Promise<boolean> {
  if (given === undefined || given === '' || given === named) return true;
  if (user === undefined) return false;
  return given === user.sub || (await resolveUser(deps.store, pool, given))?.sub === user.sub;
}

/**
 * Checks SECRET_HASH for a client with a secret (ignored for public clients). `usernames` are the
 * names the hash may have been computed with (the name as sent, and the real Username).
 */
export function checkSecretHash(deps: Deps, client: ClientRecord, usernames: Array<string | undefined>, provided: string | undefined): void {
  const secrets = clientSecrets(deps, client);
  if (secrets.length === 0) return;
  if (provided === undefined || provided === '') {
    throw new CognitoError('NotAuthorizedException', `Client ${client.id} is configured with secret but SECRET_HASH was not received`);
  }
  const names = [...new Set(usernames.filter((u): u is string => typeof u === 'string' && u !== ''))];
  let ok = false;
  for (const secret of secrets) for (const name of names) if (safeEqual(computeSecretHash(secret, name, client.id), provided)) ok = true;
  if (!ok) throw new CognitoError('NotAuthorizedException', `Unable to verify secret hash for client ${client.id}`);
}

/** Checks a raw ClientSecret (GetTokensFromRefreshToken, RevokeToken); public clients ignore it. */
export function clientSecretMatches(deps: Deps, client: ClientRecord, provided: string | undefined): 'ok' | 'missing' | 'wrong' {
  const secrets = clientSecrets(deps, client);
  if (secrets.length === 0) return 'ok';
  if (provided === undefined || provided === '') return 'missing';
  return secrets.some((s) => safeEqual(s, provided)) ? 'ok' : 'wrong';
}

/** PreventUserExistenceErrors=ENABLED: unknown users look like wrong passwords. */
export function hidesUserExistence(client: ClientRecord): boolean {
  return clientConfigOf(client).PreventUserExistenceErrors === 'ENABLED';
}

export type AuthFlowName = 'USER_SRP_AUTH' | 'REFRESH_TOKEN_AUTH' | 'REFRESH_TOKEN' | 'CUSTOM_AUTH' | 'ADMIN_NO_SRP_AUTH' | 'USER_PASSWORD_AUTH' | 'ADMIN_USER_PASSWORD_AUTH' | 'USER_AUTH';

const GATE: Record<AuthFlowName, string> = {
  USER_SRP_AUTH: 'ALLOW_USER_SRP_AUTH',
  REFRESH_TOKEN_AUTH: 'ALLOW_REFRESH_TOKEN_AUTH',
  REFRESH_TOKEN: 'ALLOW_REFRESH_TOKEN_AUTH',
  CUSTOM_AUTH: 'ALLOW_CUSTOM_AUTH',
  ADMIN_NO_SRP_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  ADMIN_USER_PASSWORD_AUTH: 'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  USER_PASSWORD_AUTH: 'ALLOW_USER_PASSWORD_AUTH',
  USER_AUTH: 'ALLOW_USER_AUTH',
};

/** Refuses a flow the API or the client does not allow, with AWS's messages. */
export function assertFlowAllowed(client: ClientRecord, flow: AuthFlowName, admin: boolean): void {
  if (!admin && (flow === 'ADMIN_NO_SRP_AUTH' || flow === 'ADMIN_USER_PASSWORD_AUTH')) {
    throw new CognitoError('InvalidParameterException', 'Initiate Auth method not supported.');
  }
  const allowed = effectiveAuthFlows(clientConfigOf(client)) as Set<string>;
  if (allowed.has(GATE[flow])) return;
  switch (flow) {
    case 'USER_SRP_AUTH':
      throw new CognitoError('InvalidParameterException', 'USER_SRP_AUTH is not enabled for the client.');
    case 'USER_PASSWORD_AUTH':
      throw new CognitoError('InvalidParameterException', 'USER_PASSWORD_AUTH flow not enabled for this client');
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN':
      throw new CognitoError('InvalidParameterException', 'Refresh Token flow not enabled for this client');
    default:
      throw new CognitoError('InvalidParameterException', 'Auth flow not enabled for this client');
  }
}

/** `Missing required parameter <NAME>` (InvalidParameterException). */
export function requireParam(params: Record<string, string> | undefined, name: string): string {
  const v = params?.[name];
  if (v === undefined || v === '') throw new CognitoError('InvalidParameterException', `Missing required parameter ${name}`);
  return v;
}

export const incorrectCredentials = (): CognitoError => new CognitoError('NotAuthorizedException', 'Incorrect username or password.');
