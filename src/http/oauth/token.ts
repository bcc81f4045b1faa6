/**
 * `POST /oauth2/token` (application/x-www-form-urlencoded): authorization_code (+ PKCE),
 * refresh_token and client_credentials. Answers JSON; errors `{"error": …}` with 400, or 401 for
 * `invalid_client`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { authenticateClient } from './client-auth.ts';
import { formOf, isFormRequest, oauthError, param, sendJson, type Site } from './http.ts';
import { authorizationCodeGrant } from './grants/authorization-code.ts';
import { clientCredentialsGrant } from './grants/client-credentials.ts';
import { refreshTokenGrant } from './grants/refresh-token.ts';
import type { GrantResult } from './grants/result.ts';

export async function token(deps: Deps, site: Site, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  if (!isFormRequest(req)) return oauthError(reply, 400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.');
  const form = formOf(req);
  const grantType = param(form, 'grant_type');
  if (grantType === undefined) return oauthError(reply, 400, 'invalid_request', 'grant_type is required.');
  if (!['authorization_code', 'refresh_token', 'client_credentials'].includes(grantType)) {
    return oauthError(reply, 400, 'unsupported_grant_type', `grant_type ${grantType} is not supported; use authorization_code, refresh_token or client_credentials.`);
  }
  const auth = await authenticateClient(deps, site.pool, req, form);
  if (!auth.ok) {
    if (auth.status === 401) void reply.header('www-authenticate', 'Basic realm="oauth2/token"');
    return oauthError(reply, auth.status, auth.error, auth.description);
  }
  let result: GrantResult;
  switch (grantType) {
    case 'authorization_code':
      result = await authorizationCodeGrant(deps, site.pool, auth.client, form);
      break;
    case 'refresh_token':
      result = await refreshTokenGrant(deps, site.pool, auth.client, form);
      break;
    default:
      result = await clientCredentialsGrant(deps, site.pool, auth.client, auth.withSecret, form);
  }
  if ('error' in result) return oauthError(reply, 400, result.error, result.description);
  return sendJson(reply, 200, result.body);
}
