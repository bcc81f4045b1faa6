/**
 * `POST /oauth2/revoke` (form: `token` = a refresh token; client auth as at /oauth2/token): revokes
 * the refresh token and every access token of its family — the same revocation as RevokeToken.
 * 200 with an empty body, also for unknown or already revoked tokens (RFC 7009).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { revokeRefreshToken } from '../../domain/auth/refresh.ts';
import { clientConfigOf } from '../../domain/clients/client-config.ts';
import { CognitoError } from '../../domain/errors.ts';
import { authenticateClient } from './client-auth.ts';
import { formOf, isFormRequest, oauthError, param, type Site } from './http.ts';

export async function revoke(deps: Deps, site: Site, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  if (!isFormRequest(req)) return oauthError(reply, 400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.');
  const form = formOf(req);
  const auth = await authenticateClient(deps, site.pool, req, form);
  if (!auth.ok) return oauthError(reply, auth.status, auth.error, auth.description);
  const token = param(form, 'token');
  if (token === undefined) return oauthError(reply, 400, 'invalid_request', 'token is required.');
  if (clientConfigOf(auth.client).EnableTokenRevocation === false) return oauthError(reply, 400, 'invalid_request', 'Token revocation is not enabled for this app client.');
  try {
    await revokeRefreshToken({ deps, pool: site.pool, client: auth.client }, token);
  } catch (err) {
    if (err instanceof CognitoError && err.type === 'UnsupportedTokenTypeException') return oauthError(reply, 400, 'unsupported_token_type', err.message);
    if (err instanceof CognitoError && err.type === 'UnauthorizedException') return oauthError(reply, 400, 'unauthorized_client', err.message);
    throw err;
  }
  return reply.code(200).header('cache-control', 'no-store').send();
}
