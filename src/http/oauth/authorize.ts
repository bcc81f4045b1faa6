/**
 * `GET /oauth2/authorize`: checks the authorization request; with a live hosted session (the
 * `cognito` cookie) answers at once, else sends the browser to `/login` with the same parameters.
 * `prompt=login` always shows the form; `prompt=none` never does (`error=login_required`).
 * `identity_provider` / `idp_identifier` naming an external OIDC provider sends the browser to that
 * IdP instead of the form (src/domain/federation/federated-sign-in.ts).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { errorRedirectOf } from '../../domain/oauth/authorization-request.ts';
import { LoginRequired } from '../../domain/oauth/errors.ts';
import { beginFederatedSignIn } from '../../domain/federation/federated-sign-in.ts';
import { federationFailure, idpResponseUrl } from './idp-response.ts';
import { bindState } from './hosted-ui/idp-state-cookie.ts';
import { authorizationResponse } from './authorization.ts';
import { queryOf, rawQueryOf, redirect, type Site } from './http.ts';
import { sessionUser } from './hosted-ui/session.ts';
import { authParamsOf, checkAuthRequest } from './request.ts';

export async function authorize(deps: Deps, site: Site, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const request = await checkAuthRequest(deps, site.pool, queryOf(req));
  if (request.prompt !== 'login') {
    const session = await sessionUser(deps, req, site);
    if (session !== undefined) return authorizationResponse(deps, reply, request, session.user, session.authTime);
    if (request.prompt === 'none') throw new LoginRequired().withRedirect(errorRedirectOf(request));
  }
  if (request.identityProvider !== undefined) {
    let started;
    try {
      started = await beginFederatedSignIn(deps, request.client, request.identityProvider, authParamsOf(queryOf(req)).toString(), await idpResponseUrl(deps, req, site));
    } catch (err) {
      throw federationFailure(err, errorRedirectOf(request));
    }
    bindState(deps, reply, started.state);
    return redirect(reply, started.url);
  }
  return redirect(reply, `${site.base}/login?${rawQueryOf(req)}`);
}
