/**
 * Login CSRF protection (double submit, as AWS's `XSRF-TOKEN` cookie and `_csrf` field): the
 * login page sets a random token in an HttpOnly cookie and in a hidden field; a POST must carry
 * both, equal.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../../domain/context.ts';
import { safeEqual } from '../../../domain/crypto/sealed.ts';
import { cookieOptions, cookiesOf, setCookie, type Site } from '../http.ts';

export const CSRF_COOKIE = 'XSRF-TOKEN';
const CSRF_LIFETIME_S = 3600;

/** The request's CSRF token (from its cookie), or a new one set on the reply. */
export function csrfToken(deps: Deps, req: FastifyRequest, reply: FastifyReply, site: Site): string {
  const existing = cookiesOf(req).get(CSRF_COOKIE);
  if (existing !== undefined && /^[A-Za-z0-9_-]{43}$/.test(existing)) return existing;
  const token = randomBytes(32).toString('base64url');
  setCookie(reply, CSRF_COOKIE, token, cookieOptions(deps, site, CSRF_LIFETIME_S));
  return token;
}

export function csrfValid(req: FastifyRequest, submitted: string | undefined): boolean {
  const cookie = cookiesOf(req).get(CSRF_COOKIE);
  return cookie !== undefined && submitted !== undefined && cookie !== '' && safeEqual(cookie, submitted);
}
