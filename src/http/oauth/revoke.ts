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
import { InvalidRequest, UnauthorizedClient, UnsupportedTokenType } from '../../domain/oauth/errors.ts';
import { formOf, isFormRequest, param, type Site } from './http.ts';

export async function revoke(deps: Deps, site: Site, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  if (!isFormRequest(req)) throw new InvalidRequest('Content-Type must be application/x-www-form-urlencoded.');
  const form = formOf(req);
  const { client } = await authenticateClient(deps, site.pool, req, form);
  const token = param(form, 'token');
  if (token === undefined) throw new InvalidRequest('token is required.');
  if (clientConfigOf(client).EnableTokenRevocation === false) throw new InvalidRequest('Token revocation is not enabled for this app client.');
  try {
    await revokeRefreshToken({ deps, pool: site.pool, client }, token);
  } catch (err) {
    if (err instanceof CognitoError && err.type === 'UnsupportedTokenTypeException') throw new UnsupportedTokenType(err.message);
    if (err instanceof CognitoError && err.type === 'UnauthorizedException') throw new UnauthorizedClient(err.message);
    throw err;
  }
  return reply.code(200).header('cache-control', 'no-store').send();
}
