/**
 * `GET /oauth2/idpresponse`: where an external OIDC identity provider sends the browser back
 * (`code` + `state`, or `error`), accepted only from the browser holding the state's cookie
 * (idp-state-cookie.ts). The state names the app's own authorization request, which is
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
import { InvalidRequest, OAuthError, type ErrorRedirect } from '../../domain/oauth/errors.ts';
import { authorizationResponse } from './authorization.ts';
import { originOf, param, queryOf, siteOf, type Site } from './http.ts';
import { takeStateBinding } from './hosted-ui/idp-state-cookie.ts';
import { startSession } from './hosted-ui/session.ts';
import { checkAuthRequest } from './request.ts';

/**
 * The redirect URI given to the IdP, on the origin the sign-in started from (so the browser brings
 * the state cookie back): `<origin>/oauth2/idpresponse` through a domain of the pool (as on AWS),
 * else `<origin>/<poolId>/oauth2/idpresponse`.
 */
export async function idpResponseUrl(deps: Deps, req: FastifyRequest, site: Site): Promise<string> {
  const origin = originOf(deps, req);
  const viaDomain = site.base === '' && (await siteOf(deps, req, undefined)) !== undefined;
  return viaDomain ? `${origin}/oauth2/idpresponse` : `${origin}/${site.pool.id}/oauth2/idpresponse`;
}

/**
 * What a federated sign-in step's failure becomes: back to the app's redirect_uri as
 * `error=invalid_request` (the IdP failed, or a rule or trigger of the pool refused) or as the
 * OAuth error it is; anything else is the error handler's.
 */
export function federationFailure(err: unknown, back: ErrorRedirect): unknown {
  if (err instanceof IdentityProviderError || err instanceof CognitoError) return new InvalidRequest(err.message).withRedirect(back);
  if (err instanceof OAuthError) return err.withRedirect(back);
  return err;
}

/** An IdP's `error` passed on when it is an OAuth error code; anything else is reported as access_denied. */
const IDP_ERROR = /^[a-z_]{1,64}$/;

export async function idpResponse(deps: Deps, site: Site, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const query = queryOf(req);
  const state = param(query, 'state');
  if (state !== undefined && !takeStateBinding(deps, req, reply, state)) {
    throw new InvalidRequest('This sign-in was not started in this browser. Start the sign-in again from the app.');
  }
  const trip = await takeRoundTrip(deps, site.pool, state);
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
    user = await completeFederatedSignIn(deps, site.pool, request.client, trip, code);
  } catch (err) {
    throw federationFailure(err, back);
  }
  const authTime = Math.floor(deps.now() / 1000);
  await startSession(deps, reply, site, user, authTime);
  return authorizationResponse(deps, reply, request, user, authTime);
}
