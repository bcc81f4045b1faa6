/**
 * The hosted pages' sign-in session: the `cognito` cookie (HttpOnly, SameSite=Lax, 1 hour,
 * scoped to the site's path) carries a random id and a MAC over it (deps.tokenKey, bound to the
 * pool); the server keeps only the id's hash, the user and the sign-in time, so /logout ends it
 * for good. A session also ends when the user signs out globally, is disabled or deleted.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../../domain/context.ts';
import { hashSecret, safeEqual } from '../../../domain/crypto/sealed.ts';
import type { UserRecord } from '../../../storage/ports/index.ts';
import { cookieOptions, cookiesOf, setCookie, type Site } from '../http.ts';

export const SESSION_COOKIE = 'cognito';
export const SESSION_LIFETIME_S = 3600;

const idHash = (id: string): string => hashSecret(`hosted-session:${id}`);
const macOf = (deps: Deps, poolId: string, id: string): string => createHmac('sha256', deps.tokenKey).update(`hosted-session:${poolId}:${id}`).digest('base64url');

/** Starts a session for `user` and sets the cookie. */
export async function startSession(deps: Deps, reply: FastifyReply, site: Site, user: UserRecord, authTime: number): Promise<void> {
  const id = randomBytes(32).toString('base64url');
  const now = deps.now();
  await deps.store.oauth.insertHostedSession({ idHash: idHash(id), poolId: site.pool.id, userSub: user.sub, authTime, expiresAt: now + SESSION_LIFETIME_S * 1000, createdAt: now });
  setCookie(reply, SESSION_COOKIE, `${id}.${macOf(deps, site.pool.id, id)}`, cookieOptions(deps, site, SESSION_LIFETIME_S));
}

function cookieId(deps: Deps, req: FastifyRequest, site: Site): string | undefined {
  const value = cookiesOf(req).get(SESSION_COOKIE);
  if (value === undefined) return undefined;
  const [id, mac] = value.split('.');
  if (id === undefined || mac === undefined || id === '' || !safeEqual(mac, macOf(deps, site.pool.id, id))) return undefined;
  return id;
}

/** The signed-in user of the request's session cookie, when it is still good. */
export async function sessionUser(deps: Deps, req: FastifyRequest, site: Site): Promise<{ user: UserRecord; authTime: number } | undefined> {
  const id = cookieId(deps, req, site);
  if (id === undefined) return undefined;
  const record = await deps.store.oauth.findHostedSession(idHash(id));
  if (record === undefined || record.poolId !== site.pool.id || record.expiresAt <= deps.now()) return undefined;
  const user = await deps.store.users.findUserBySub(site.pool.id, record.userSub);
  if (user === undefined || !user.enabled || (user.status !== 'CONFIRMED' && user.status !== 'EXTERNAL_PROVIDER')) return undefined;
  if (record.createdAt < user.tokensValidAfter) return undefined;
  return { user, authTime: record.authTime };
}

/** Ends the request's session (server side) and clears the cookie. */
export async function endSession(deps: Deps, req: FastifyRequest, reply: FastifyReply, site: Site): Promise<void> {
  const id = cookieId(deps, req, site);
  if (id !== undefined) await deps.store.oauth.deleteHostedSession(idHash(id));
  setCookie(reply, SESSION_COOKIE, '', cookieOptions(deps, site, 0));
}
