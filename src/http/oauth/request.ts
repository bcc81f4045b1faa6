/**
 * The authorization request's parameters in the query string (`/oauth2/authorize`, `/login`), and
 * the ones the hosted pages carry from page to page; the request is checked by
 * src/domain/oauth/authorization-request.ts.
 */
import type { Deps } from '../../domain/context.ts';
import { checkAuthorizationRequest, type AuthRequest } from '../../domain/oauth/authorization-request.ts';
import type { PoolRecord } from '../../storage/ports/index.ts';
import { param } from './http.ts';

/** The OAuth parameters the hosted pages carry from page to page. */
export const AUTH_PARAMS = ['client_id', 'redirect_uri', 'response_type', 'state', 'scope', 'code_challenge', 'code_challenge_method', 'nonce', 'identity_provider', 'idp_identifier', 'prompt', 'lang'] as const;

/** The checked authorization request of a query string; its errors are thrown as OAuthErrors. */
export function checkAuthRequest(deps: Deps, pool: PoolRecord, query: URLSearchParams): Promise<AuthRequest> {
  return checkAuthorizationRequest(deps, pool, {
    clientId: param(query, 'client_id'),
    redirectUri: param(query, 'redirect_uri'),
    responseType: param(query, 'response_type'),
    state: query.get('state') ?? undefined,
    scope: param(query, 'scope'),
    codeChallenge: param(query, 'code_challenge'),
    codeChallengeMethod: param(query, 'code_challenge_method'),
    nonce: param(query, 'nonce'),
    identityProvider: param(query, 'identity_provider'),
    idpIdentifier: param(query, 'idp_identifier'),
    prompt: param(query, 'prompt'),
  });
}

/** The OAuth parameters of `params` only (what the hosted pages pass on), in a stable order. */
export function authParamsOf(params: URLSearchParams): URLSearchParams {
  const out = new URLSearchParams();
  for (const name of AUTH_PARAMS) {
    const v = params.get(name);
    if (v !== null) out.set(name, v);
  }
  return out;
}
