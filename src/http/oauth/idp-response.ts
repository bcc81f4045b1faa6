/**
 * `GET /oauth2/idpresponse`: where an external OIDC identity provider sends the browser back
 * (`code` + `state`, or `error`). The state names the app's own authorization request, which is
 * checked again and answered (code or tokens) with a hosted session, as after the sign-in form.
 * A refusal by the IdP, an IdP answer that does not verify, or a PreSignUp function that rejects the
 * new user goes back to the app's redirect_uri as `error=…&error_description=…`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { CognitoError } from '../../domain/errors.ts';
import { completeFederatedSignIn, takeRoundTrip } from '../../domain/federation/federated-sign-in.ts';
import { IdentityProviderError } from '../../domain/federation/ports.ts';
import { errorRedirectOf } from '../../domain/oauth/authorization-request.ts';
import { InvalidRequest, OAuthError } from '../../domain/oauth/errors.ts';
import type { PoolRecord } from '../../storage/ports/index.ts';
import { authorizationResponse } from './authorization.ts';
import { param, queryOf, type Site } from './http.ts';
import { startSession } from './hosted-ui/session.ts';
import { checkAuthRequest } from './request.ts';

/** The redirect URI the pool registers with an IdP: `<public URL>/<poolId>/oauth2/idpresponse`. */
export const idpResponseUrl = (deps: Deps, pool: PoolRecord): string => `${deps.publicUrl()}/${pool.id}/oauth2/idpresponse`;

/** An IdP's `error` passed on when it is an OAuth error code; anything else is reported as access_denied. */
const IDP_ERROR = /^[a-z_]{1,64}$/;

export async function idpResponse(deps: Deps, site: Site, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const query = queryOf(req);
  const trip = await takeRoundTrip(deps, site.pool, param(query, 'state'));
  const request = await checkAuthRequest(deps, site.pool, new URLSearchParams(trip.query));
  const back = errorRedirectOf(request);
  const idpError = param(query, 'error');
  if (idpError !== undefined) {
    const description = param(query, 'error_description')?.slice(0, 512) ?? `The identity provider ${trip.provider} did not sign the user in.`;
    throw new OAuthError(IDP_ERROR.test(idpError) ? idpError : 'access_denied', description).withRedirect(back);
  }
  const code = param(query, 'code');
  if (code === undefined) throw new InvalidRequest(`The identity provider ${trip.provider} sent no code.`).withRedirect(back);
  let user;
  try {
    user = await completeFederatedSignIn(deps, site.pool, request.client, trip, code, idpResponseUrl(deps, site.pool));
  } catch (err) {
    if (err instanceof IdentityProviderError || err instanceof CognitoError) throw new InvalidRequest(err.message).withRedirect(back);
    if (err instanceof OAuthError) throw err.withRedirect(back);
    throw err;
  }
  const authTime = Math.floor(deps.now() / 1000);
  await startSession(deps, reply, site, user, authTime);
  return authorizationResponse(deps, reply, request, user, authTime);
}
