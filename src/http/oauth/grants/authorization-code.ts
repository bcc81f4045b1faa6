/** `grant_type=authorization_code`: code (single-use, 5 min), redirect_uri, PKCE code_verifier. */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../../domain/context.ts';
import { clientConfigOf } from '../../../domain/clients/client-config.ts';
import { issueTokens } from '../../../domain/tokens/issue.ts';
import type { ClientRecord, PoolRecord } from '../../../storage/ports/index.ts';
import { consumeCode, pkceMatches } from '../codes.ts';
import { param } from '../http.ts';
import { InvalidGrant, InvalidRequest, UnauthorizedClient } from '../errors.ts';
import { tokenResponse, type TokenResponse } from './result.ts';

export async function authorizationCodeGrant(deps: Deps, pool: PoolRecord, client: ClientRecord, form: URLSearchParams): Promise<TokenResponse> {
  const config = clientConfigOf(client);
  if (!config.AllowedOAuthFlowsUserPoolClient || !(config.AllowedOAuthFlows ?? []).includes('code')) {
    throw new UnauthorizedClient('The app client is not allowed to use the authorization code flow.');
  }
  const code = param(form, 'code');
  const redirectUri = param(form, 'redirect_uri');
  if (code === undefined) throw new InvalidRequest('code is required.');
  if (redirectUri === undefined) throw new InvalidRequest('redirect_uri is required.');
  const record = await consumeCode(deps, code);
  if (record === undefined || record.poolId !== pool.id || record.clientId !== client.id) throw new InvalidGrant('The authorization code is invalid, expired or already used.');
  if (record.redirectUri !== redirectUri) throw new InvalidGrant('redirect_uri does not match the authorization request.');
  if (record.codeChallenge !== null) {
    const verifier = param(form, 'code_verifier');
    if (verifier === undefined || !pkceMatches(verifier, record.codeChallenge)) throw new InvalidGrant('code_verifier does not match the code_challenge.');
  }
  const user = await deps.store.users.findUserBySub(pool.id, record.userSub);
  if (user === undefined || !user.enabled || record.createdAt < user.tokensValidAfter) throw new InvalidGrant('The user of the authorization code can no longer sign in.');
  const tokens = await issueTokens(deps, {
    pool,
    client,
    user,
    authTime: record.authTime,
    originJti: randomUUID(),
    withRefreshToken: true,
    scope: record.scopes,
    oauth: true,
    nonce: record.nonce ?? undefined,
  });
  return tokenResponse(tokens);
}
