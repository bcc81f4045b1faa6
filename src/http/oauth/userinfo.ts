/**
 * `GET /oauth2/userInfo` (POST tolerated): `Authorization: Bearer <access token>` with the
 * `openid` scope. Claims by scope — `openid` alone: every attribute the app client can read;
 * `profile`: the OIDC profile attributes and custom attributes; `email`: email, email_verified;
 * `phone`: phone_number, phone_number_verified — plus `sub` and `username` always. Every value is
 * a string (`"email_verified":"true"`), as AWS answers.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { readableAttributeFilter } from '../../domain/tokens/claims.ts';
import { verifyAccessToken } from '../../domain/tokens/verify.ts';
import { CognitoError } from '../../domain/errors.ts';
import { InvalidRequest, InvalidToken, MissingBearerToken } from '../../domain/oauth/errors.ts';
import { sendJson, type Site } from './http.ts';

const PROFILE = new Set(['name', 'family_name', 'given_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at', 'address']);
const EMAIL = new Set(['email', 'email_verified']);
const PHONE = new Set(['phone_number', 'phone_number_verified']);

export async function userInfo(deps: Deps, site: Site, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const header = req.headers.authorization;
  if (header === undefined || header.trim() === '') throw new MissingBearerToken();
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (m === null) throw new InvalidRequest('The Authorization header must be "Bearer <access token>".');
  let verified;
  try {
    verified = await verifyAccessToken(deps, m[1] ?? '', { requiredScope: 'openid' });
  } catch (err) {
    if (err instanceof CognitoError) throw new InvalidToken();
    throw err;
  }
  const { user, claims, pool } = verified;
  if (pool.id !== site.pool.id) throw new InvalidToken();
  const scopes = new Set(claims.scope.split(' '));
  const narrowed = scopes.has('profile') || scopes.has('email') || scopes.has('phone');
  const client = await deps.store.clients.findClient(pool.id, claims.client_id);
  const readable = client === undefined ? () => false : readableAttributeFilter(client);
  const body: Record<string, unknown> = { sub: user.sub };
  for (const [name, value] of Object.entries(user.attributes)) {
    if (name === 'sub' || !readable(name)) continue;
    const granted =
      !narrowed ||
      (scopes.has('profile') && (PROFILE.has(name) || name.startsWith('custom:'))) ||
      (scopes.has('email') && EMAIL.has(name)) ||
      (scopes.has('phone') && PHONE.has(name));
    if (granted) body[name] = String(value);
  }
  body['username'] = user.username;
  return sendJson(reply, 200, body);
}
