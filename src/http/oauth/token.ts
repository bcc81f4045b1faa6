/**
 * `POST /oauth2/token` (application/x-www-form-urlencoded): authorization_code (+ PKCE),
 * refresh_token and client_credentials (src/domain/oauth/grants/). Answers JSON; errors
 * `{"error": …}` with 400, or 401 for `invalid_client`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { InvalidRequest, UnsupportedGrantType } from '../../domain/oauth/errors.ts';
import { authorizationCodeGrant } from '../../domain/oauth/grants/authorization-code.ts';
import { clientCredentialsGrant } from '../../domain/oauth/grants/client-credentials.ts';
import { refreshTokenGrant } from '../../domain/oauth/grants/refresh-token.ts';
import type { AuthenticationResultType } from '../../generated/shapes.ts';
import { authenticateClient } from './client-auth.ts';
import { formOf, isFormRequest, param, sendJson, type Site } from './http.ts';

/** AWS's token response: `id_token` (with openid), `access_token`, `refresh_token` (when one is issued), `expires_in`, `token_type`. */
function tokenResponse(t: AuthenticationResultType): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (t.IdToken !== undefined) body['id_token'] = t.IdToken;
  body['access_token'] = t.AccessToken;
  if (t.RefreshToken !== undefined) body['refresh_token'] = t.RefreshToken;
  body['expires_in'] = t.ExpiresIn ?? 3600;
  body['token_type'] = 'Bearer';
  return body;
}

export async function token(deps: Deps, site: Site, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  if (!isFormRequest(req)) throw new InvalidRequest('Content-Type must be application/x-www-form-urlencoded.');
  const form = formOf(req);
  const grantType = param(form, 'grant_type');
  if (grantType === undefined) throw new InvalidRequest('grant_type is required.');
  if (!['authorization_code', 'refresh_token', 'client_credentials'].includes(grantType)) {
    throw new UnsupportedGrantType(`grant_type ${grantType} is not supported; use authorization_code, refresh_token or client_credentials.`);
  }
  const { client, withSecret } = await authenticateClient(deps, site.pool, req, form);
  let tokens: AuthenticationResultType;
  switch (grantType) {
    case 'authorization_code':
      tokens = await authorizationCodeGrant(deps, site.pool, client, { code: param(form, 'code'), redirectUri: param(form, 'redirect_uri'), codeVerifier: param(form, 'code_verifier') });
      break;
    case 'refresh_token':
      tokens = await refreshTokenGrant(deps, site.pool, client, param(form, 'refresh_token'), param(form, 'device_key'));
      break;
    default:
      tokens = await clientCredentialsGrant(deps, site.pool, client, withSecret, param(form, 'scope'));
  }
  return sendJson(reply, 200, tokenResponse(tokens));
}
