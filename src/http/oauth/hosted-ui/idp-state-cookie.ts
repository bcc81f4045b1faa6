/**
 * Binds a federated sign-in's `state` to the browser that started it: a cookie whose name is a MAC
 * of the state (so several sign-ins can run in parallel tabs). `/oauth2/idpresponse` accepts a state
 * only from a browser holding its cookie, so a link with someone else's IdP answer cannot sign a
 * victim into the sender's account (login CSRF; RFC 6749 §10.12).
 */
import { createHmac } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../../domain/context.ts';
import { cookiesOf, setCookie } from '../http.ts';

/** As long as the state itself lives (federated-sign-in.ts). */
const LIFETIME_S = 15 * 60;

const cookieName = (deps: Deps, state: string): string => `idp_${createHmac('sha256', deps.tokenKey).update(`idp-state:${state}`).digest('base64url').slice(0, 22)}`;
const options = (deps: Deps, maxAge: number) => ({ path: '/', maxAge, secure: deps.publicUrl().startsWith('https:') });

export function bindState(deps: Deps, reply: FastifyReply, state: string): void {
  setCookie(reply, cookieName(deps, state), '1', options(deps, LIFETIME_S));
}

/** Whether this browser started the sign-in `state` names; the cookie is cleared either way. */
export function takeStateBinding(deps: Deps, req: FastifyRequest, reply: FastifyReply, state: string): boolean {
  const name = cookieName(deps, state);
  const bound = cookiesOf(req).get(name) === '1';
  if (bound) setCookie(reply, name, '', options(deps, 0));
  return bound;
}
