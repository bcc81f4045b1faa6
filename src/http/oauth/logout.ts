/**
 * `GET /logout`: ends the hosted session (server side, and the `cognito` cookie). With
 * `client_id` + `logout_uri` (one of the client's LogoutURLs): 302 to logout_uri. With
 * `client_id`, `redirect_uri`, `response_type` (+ state, scope, …): 302 to `/login` to sign in
 * again. Anything else: an error page.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { clientConfigOf } from '../../domain/clients/client-config.ts';
import { InvalidRequest, RedirectMismatch } from '../../domain/oauth/errors.ts';
import { param, queryOf, redirect, type Site } from './http.ts';
import { endSession } from './hosted-ui/session.ts';
import { authParamsOf } from './request.ts';

export async function logout(deps: Deps, site: Site, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const query = queryOf(req);
  const clientId = param(query, 'client_id');
  if (clientId === undefined) throw new InvalidRequest('Required parameter client_id is missing.');
  const client = await deps.store.clients.findClient(site.pool.id, clientId);
  if (client === undefined) throw new InvalidRequest(`Client ${clientId} does not exist in user pool ${site.pool.id}.`);
  const config = clientConfigOf(client);
  const logoutUri = param(query, 'logout_uri');
  if (logoutUri !== undefined) {
    if (!(config.LogoutURLs ?? []).includes(logoutUri)) throw new RedirectMismatch(`logout_uri ${logoutUri} is not one of the app client's sign-out URLs.`);
    await endSession(deps, req, reply, site);
    return redirect(reply, logoutUri);
  }
  const redirectUri = param(query, 'redirect_uri');
  if (redirectUri !== undefined && param(query, 'response_type') !== undefined) {
    if (!(config.CallbackURLs ?? []).includes(redirectUri)) throw new RedirectMismatch(`redirect_uri ${redirectUri} is not one of the app client's callback URLs.`);
    await endSession(deps, req, reply, site);
    return redirect(reply, `${site.base}/login?${authParamsOf(query).toString()}`);
  }
  throw new InvalidRequest('Required parameter logout_uri (or redirect_uri with response_type) is missing.');
}
