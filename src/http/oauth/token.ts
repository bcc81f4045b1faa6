/**
 * `POST /oauth2/token` (application/x-www-form-urlencoded): authorization_code (+ PKCE),
 * refresh_token and client_credentials. Answers JSON; errors `{"error": …}` with 400, or 401 for
 * `invalid_client`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { authenticateClient } from './client-auth.ts';
import { InvalidRequest, UnsupportedGrantType } from './errors.ts';
import { formOf, isFormRequest, param, sendJson, type Site } from './http.ts';
import { authorizationCodeGrant } from './grants/authorization-code.ts';
import { clientCredentialsGrant } from './grants/client-credentials.ts';
import { refreshTokenGrant } from './grants/refresh-token.ts';
import type { TokenResponse } from './grants/result.ts';

export async function token(deps: Deps, site: Site, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  if (!isFormRequest(req)) throw new InvalidRequest('Content-Type must be application/x-www-form-urlencoded.');
  const form = formOf(req);
  const grantType = param(form, 'grant_type');
  if (grantType === undefined) throw new InvalidRequest('grant_type is required.');
  if (!['authorization_code', 'refresh_token', 'client_credentials'].includes(grantType)) {
    throw new UnsupportedGrantType(`grant_type ${grantType} is not supported; use authorization_code, refresh_token or client_credentials.`);
  }
  const { client, withSecret } = await authenticateClient(deps, site.pool, req, form);
  let body: TokenResponse;
  switch (grantType) {
    case 'authorization_code':
      body = await authorizationCodeGrant(deps, site.pool, client, form);
      break;
    case 'refresh_token':
      body = await refreshTokenGrant(deps, site.pool, client, form);
      break;
    default:
      body = await clientCredentialsGrant(deps, site.pool, client, withSecret, form);
  }
  return sendJson(reply, 200, body);
}
