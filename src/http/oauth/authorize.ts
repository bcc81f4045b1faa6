/**
 * `GET /oauth2/authorize`: checks the authorization request; with a live hosted session (the
 * `cognito` cookie) answers at once, else sends the browser to `/login` with the same parameters.
 * `prompt=login` always shows the form; `prompt=none` never does (`error=login_required`).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { authorizationResponse, redirectError } from './authorization.ts';
import { queryOf, rawQueryOf, redirect, sendHtml, withParams, type Site } from './http.ts';
import { errorPage } from './hosted-ui/pages.ts';
import { sessionUser } from './hosted-ui/session.ts';
import { checkAuthRequest } from './request.ts';

export async function authorize(deps: Deps, site: Site, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const check = await checkAuthRequest(deps, site.pool, queryOf(req));
  if (check.kind === 'page') return sendHtml(reply, check.status, errorPage(check.title, check.message));
  if (check.kind === 'redirect') return redirectError(reply, check);
  const { request } = check;
  if (request.prompt !== 'login') {
    const session = await sessionUser(deps, req, site);
    if (session !== undefined) return authorizationResponse(deps, reply, request, session.user, session.authTime);
    if (request.prompt === 'none') {
      return redirect(reply, withParams(request.redirectUri, [['error', 'login_required'], ['state', request.state]], request.responseType === 'token' ? 'fragment' : 'query'));
    }
  }
  return redirect(reply, `${site.base}/login?${rawQueryOf(req)}`);
}
