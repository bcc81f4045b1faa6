/**
 * `grant_type=client_credentials` (machine to machine): a client with a secret and the
 * client_credentials flow gets an access token for custom scopes of the pool's resource servers.
 * Claims as AWS's: `sub` = client id, `token_use`, `scope`, `auth_time`, `iss`, `exp`, `iat`,
 * `version`, `jti`, `client_id`; no ID or refresh token. A V3_0 pre token generation function may
 * change the claims and scopes (TokenGeneration_ClientCredentials).
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Deps } from '../../context.ts';
import { clientConfigOf } from '../../clients/client-config.ts';
import { customScopesOf } from '../../resource-servers/resource-servers.ts';
import { issuerOf, signingKeysOf } from '../../tokens/issuer.ts';
import { machineTokenGeneration } from '../../tokens/pre-token-generation.ts';
import { tokenValidityOf } from '../../tokens/validity.ts';
import type { AuthenticationResultType } from '../../../generated/shapes.ts';
import type { ClientRecord, PoolRecord } from '../../../storage/ports/index.ts';
import { splitScopes } from '../authorization-request.ts';
import { InvalidScope, UnauthorizedClient } from '../errors.ts';

export async function clientCredentialsGrant(deps: Deps, pool: PoolRecord, client: ClientRecord, withSecret: boolean, scope: string | undefined): Promise<AuthenticationResultType> {
  const config = clientConfigOf(client);
  if (!withSecret || !config.AllowedOAuthFlowsUserPoolClient || !(config.AllowedOAuthFlows ?? []).includes('client_credentials')) {
    throw new UnauthorizedClient('The app client is not allowed to use the client_credentials flow (it needs a client secret and the client_credentials OAuth flow).');
  }
  const allowed = config.AllowedOAuthScopes ?? [];
  const requested = splitScopes(scope);
  const scopes = requested.length > 0 ? requested : [...allowed];
  const existing = await customScopesOf(deps.store, pool.id);
  for (const s of scopes) {
    if (!allowed.includes(s) || !existing.has(s)) throw new InvalidScope(`Scope ${s} is not a custom scope this app client may request.`);
  }
  if (scopes.length === 0) throw new InvalidScope('No scope to grant.');
  const changes = await machineTokenGeneration(deps, { pool, client, scopes });
  const iat = Math.floor(deps.now() / 1000);
  const validity = tokenValidityOf(client).accessToken;
  const { kid, key } = await signingKeysOf(deps).activeKey(deps.store.keys, pool.id);
  const claims: Record<string, unknown> = {
    sub: client.id,
    token_use: 'access',
    scope: (changes?.scopes ?? scopes).join(' '),
    auth_time: iat,
    iss: issuerOf(deps, pool.id),
    exp: iat + validity,
    iat,
    version: 2,
    jti: randomUUID(),
    client_id: client.id,
  };
  changes?.apply(claims);
  const accessToken = await new SignJWT(claims)
    .setProtectedHeader({ kid, alg: 'RS256' })
    .sign(key);
  return { AccessToken: accessToken, ExpiresIn: validity, TokenType: 'Bearer' };
}
