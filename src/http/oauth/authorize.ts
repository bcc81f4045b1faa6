/**
 * `GET /oauth2/authorize`: checks the authorization request; with a live hosted session (the
 * `cognito` cookie) answers at once, else sends the browser to `/login` with the same parameters.
 * `prompt=login` always shows the form; `prompt=none` never does (`error=login_required`).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { errorRedirectOf } from '../../domain/oauth/authorization-request.ts';
import { LoginRequired } from '../../domain/oauth/errors.ts';
import { authorizationResponse } from './authorization.ts';
import { queryOf, rawQueryOf, redirect, type Site } from './http.ts';
import { sessionUser } from './hosted-ui/session.ts';
import { checkAuthRequest } from './request.ts';

export async function authorize(deps: Deps, site: Site, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const request = await checkAuthRequest(deps, site.pool, queryOf(req));
  if (request.prompt !== 'login') {
    const session = await sessionUser(deps, req, site);
    if (session !== undefined) return authorizationResponse(deps, reply, request, session.user, session.authTime);
    if (request.prompt === 'none') throw new LoginRequired().withRedirect(errorRedirectOf(request));
  }
  return redirect(reply, `${site.base}/login?${rawQueryOf(req)}`);
}
