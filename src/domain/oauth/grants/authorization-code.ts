/** `grant_type=authorization_code`: code (single-use, 5 min), redirect_uri, PKCE code_verifier. */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../../context.ts';
import { clientConfigOf } from '../../clients/client-config.ts';
import { issueTokens } from '../../tokens/issue.ts';
import type { AuthenticationResultType } from '../../../generated/shapes.ts';
import type { ClientRecord, PoolRecord } from '../../../storage/ports/index.ts';
import { consumeAuthorizationCode, pkceMatches } from '../authorization-codes.ts';
import { InvalidGrant, InvalidRequest, UnauthorizedClient } from '../errors.ts';

export interface AuthorizationCodeParams {
  code: string | undefined;
  redirectUri: string | undefined;
  codeVerifier: string | undefined;
}

export async function authorizationCodeGrant(deps: Deps, pool: PoolRecord, client: ClientRecord, params: AuthorizationCodeParams): Promise<AuthenticationResultType> {
  const config = clientConfigOf(client);
  if (!config.AllowedOAuthFlowsUserPoolClient || !(config.AllowedOAuthFlows ?? []).includes('code')) {
    throw new UnauthorizedClient('The app client is not allowed to use the authorization code flow.');
  }
  const { code, redirectUri, codeVerifier } = params;
  if (code === undefined) throw new InvalidRequest('code is required.');
  if (redirectUri === undefined) throw new InvalidRequest('redirect_uri is required.');
  const record = await consumeAuthorizationCode(deps, code);
  if (record === undefined || record.poolId !== pool.id || record.clientId !== client.id) throw new InvalidGrant('The authorization code is invalid, expired or already used.');
  if (record.redirectUri !== redirectUri) throw new InvalidGrant('redirect_uri does not match the authorization request.');
  if (record.codeChallenge !== null && (codeVerifier === undefined || !pkceMatches(codeVerifier, record.codeChallenge))) {
    throw new InvalidGrant('code_verifier does not match the code_challenge.');
  }
  const user = await deps.store.users.findUserBySub(pool.id, record.userSub);
  if (user === undefined || !user.enabled || record.createdAt < user.tokensValidAfter) throw new InvalidGrant('The user of the authorization code can no longer sign in.');
  return issueTokens(deps, {
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
}
