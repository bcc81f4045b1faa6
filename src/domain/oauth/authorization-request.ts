/**
 * The authorization request (`/oauth2/authorize`, `/login`): client, redirect_uri, response_type,
 * scopes, PKCE and nonce, checked in AWS's order (spec/auth.md §E). A bad client_id or
 * redirect_uri is thrown as is (shown as an error page, never redirected to); every other error
 * carries the verified redirect_uri and goes back to it as `error=…`.
 */
import type { Deps } from '../context.ts';
import { clientConfigOf } from '../clients/client-config.ts';
import { clip } from '../errors.ts';
import { customScopesOf } from '../resource-servers/resource-servers.ts';
import type { ClientRecord, PoolRecord } from '../../storage/ports/index.ts';
import { InvalidRequest, InvalidScope, OAuthError, RedirectMismatch, UnauthorizedClient, UnsupportedResponseType, type ErrorRedirect } from './errors.ts';

/** The request's parameters as sent (empty ones absent, but for `state`, which is echoed as it came). */
export interface AuthorizationParams {
  clientId: string | undefined;
  redirectUri: string | undefined;
  responseType: string | undefined;
  state: string | undefined;
  scope: string | undefined;
  codeChallenge: string | undefined;
  codeChallengeMethod: string | undefined;
  nonce: string | undefined;
  identityProvider: string | undefined;
  idpIdentifier: string | undefined;
  prompt: string | undefined;
}

export interface AuthRequest {
  client: ClientRecord;
  redirectUri: string;
  responseType: 'code' | 'token';
  /** Granted scopes, in request order. */
  scopes: string[];
  state: string | undefined;
  codeChallenge: string | undefined;
  nonce: string | undefined;
  prompt: string | undefined;
  /** The user may sign in with the pool's own directory (COGNITO is supported by the client). */
  cognitoSignIn: boolean;
  /** External identity providers the client supports (buttons on the sign-in page). */
  externalProviders: string[];
  /** The external provider the request picked (identity_provider / idp_identifier). */
  identityProvider: string | undefined;
}

const COGNITO = 'COGNITO';

/** Implicit-flow answers, errors included, go in the redirect's fragment. */
const responseModeOf = (responseType: string | undefined): ErrorRedirect['mode'] => (responseType === 'token' ? 'fragment' : 'query');

/** Where errors of a checked request go back to. */
export function errorRedirectOf(request: AuthRequest): ErrorRedirect {
  return { uri: request.redirectUri, mode: responseModeOf(request.responseType), state: request.state };
}

/** The OIDC scopes that need `openid`. */
const OIDC_SCOPES = ['phone', 'email', 'profile'];
const STANDARD = new Set(['openid', 'phone', 'email', 'profile', 'aws.cognito.signin.user.admin']);
/** RFC 7636: 43–128 characters of the unreserved set. */
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

/** Space-separated scope list (the query's `+` already decoded to spaces), deduplicated. */
export function splitScopes(scope: string | undefined): string[] {
  return [...new Set((scope ?? '').split(/\s+/).filter((s) => s !== ''))];
}

/** The longest `state` an authorization request may carry (it is echoed in the redirect). */
const MAX_STATE = 2048;

export async function checkAuthorizationRequest(deps: Deps, pool: PoolRecord, params: AuthorizationParams): Promise<AuthRequest> {
  const { clientId, redirectUri, state } = params;
  if (clientId === undefined) throw new InvalidRequest('Required parameter client_id is missing.');
  const client = await deps.store.clients.findClient(pool.id, clientId);
  if (client === undefined) throw new InvalidRequest(`Client ${clientId} does not exist in user pool ${pool.id}.`);
  if (redirectUri === undefined) throw new InvalidRequest('Required parameter redirect_uri is missing.');
  if (!(clientConfigOf(client).CallbackURLs ?? []).includes(redirectUri)) throw new RedirectMismatch(`redirect_uri ${redirectUri} is not one of the app client's callback URLs.`);
  // state comes back in the redirect's Location header: a longer one is refused on a page rather
  // than echoed into a header no browser or client reads (every header stays under 8 KiB).
  if (state !== undefined && state.length > MAX_STATE) throw new InvalidRequest(`state is longer than ${MAX_STATE} characters.`);

  // From here on the client and its redirect_uri are known good: errors go back to it.
  try {
    return { client, redirectUri, state, ...(await checkGrantParams(deps, pool, client, params)) };
  } catch (err) {
    if (!(err instanceof OAuthError)) throw err;
    throw err.withRedirect({ uri: redirectUri, mode: responseModeOf(params.responseType), state });
  }
}

/** What the client asks for: response type, identity provider, scopes, PKCE. */
async function checkGrantParams(deps: Deps, pool: PoolRecord, client: ClientRecord, params: AuthorizationParams): Promise<Omit<AuthRequest, 'client' | 'redirectUri' | 'state'>> {
  const config = clientConfigOf(client);
  const { responseType, identityProvider: idp } = params;
  if (responseType === undefined) throw new InvalidRequest('Required parameter response_type is missing.');
  if (responseType !== 'code' && responseType !== 'token') throw new UnsupportedResponseType(`response_type ${clip(responseType)} is not supported; use code or token.`);
  const flows = config.AllowedOAuthFlowsUserPoolClient ? (config.AllowedOAuthFlows ?? []) : [];
  if (!config.AllowedOAuthFlowsUserPoolClient) throw new UnauthorizedClient('The app client is not allowed to use OAuth flows (AllowedOAuthFlowsUserPoolClient is false).');
  if (responseType === 'code' && !flows.includes('code')) throw new UnauthorizedClient('The app client is not allowed to use the authorization code flow.');
  if (responseType === 'token' && !flows.includes('implicit')) throw new UnauthorizedClient('The app client is not allowed to use the implicit flow.');

  const signIn = await signInChoice(deps, pool, config.SupportedIdentityProviders, idp, params.idpIdentifier);

  const allowed = config.AllowedOAuthScopes ?? [];
  const requested = splitScopes(params.scope);
  const scopes = requested.length > 0 ? requested : [...allowed];
  for (const s of scopes) if (!allowed.includes(s)) throw new InvalidScope(`Scope ${clip(s)} is not allowed for this app client.`);
  const custom = scopes.filter((s) => !STANDARD.has(s));
  if (custom.length > 0) {
    const existing = await customScopesOf(deps.store, pool.id);
    const missing = custom.find((s) => !existing.has(s));
    if (missing !== undefined) throw new InvalidScope(`Scope ${clip(missing)} does not exist: no resource server of the user pool defines it.`);
  }
  if (!scopes.includes('openid')) {
    const oidc = scopes.find((s) => OIDC_SCOPES.includes(s));
    if (oidc !== undefined) throw new InvalidScope(`Scope ${clip(oidc)} requires the openid scope.`);
  }

  let codeChallenge: string | undefined;
  const { codeChallenge: challenge, codeChallengeMethod: method } = params;
  if (responseType === 'code' && (challenge !== undefined || method !== undefined)) {
    if (method !== 'S256') throw new InvalidRequest(method === undefined ? 'code_challenge_method is required with code_challenge (S256).' : `code_challenge_method ${clip(method)} is not supported; use S256.`);
    if (challenge === undefined) throw new InvalidRequest('code_challenge is required with code_challenge_method.');
    if (!PKCE_VALUE.test(challenge)) throw new InvalidRequest('code_challenge must be 43 to 128 characters of [A-Za-z0-9-._~] (BASE64URL(SHA256(code_verifier))).');
    codeChallenge = challenge;
  }
  return { ...signIn, responseType, scopes, codeChallenge, nonce: params.nonce, prompt: params.prompt };
}

/**
 * How the user may sign in: the pool's directory (`COGNITO`) and the external providers the app
 * client lists in SupportedIdentityProviders (those the pool still has). `identity_provider` or
 * `idp_identifier` picks one (the hosted pages then go straight to that IdP, as on AWS).
 */
async function signInChoice(deps: Deps, pool: PoolRecord, supported: string[] | undefined, idp: string | undefined, idpIdentifier: string | undefined): Promise<Pick<AuthRequest, 'cognitoSignIn' | 'externalProviders' | 'identityProvider'>> {
  const listed = supported ?? [];
  const cognitoSignIn = listed.length === 0 || listed.includes(COGNITO);
  let chosen = idp;
  if (chosen === undefined && idpIdentifier !== undefined) {
    const provider = await deps.store.federation.findIdentityProviderByIdentifier(pool.id, idpIdentifier);
    if (provider === undefined) throw new InvalidRequest(`idp_identifier ${clip(idpIdentifier)} names no identity provider of this user pool.`);
    chosen = provider.name;
  }
  // The pool's providers are read only when the request or the client names one (not for every sign-in page).
  const named = listed.some((name) => name !== COGNITO) || (chosen !== undefined && chosen !== COGNITO);
  const names = new Set(named ? await deps.store.federation.listIdentityProviderNames(pool.id) : []);
  const externalProviders = listed.filter((name) => name !== COGNITO && names.has(name));
  if (chosen === undefined || chosen === COGNITO) {
    // The password form is the only way in (asked for, or no provider to offer instead): the client must allow it.
    if (!cognitoSignIn && (chosen === COGNITO || externalProviders.length === 0)) {
      throw new UnauthorizedClient('The app client does not support sign-in with the user pool directory (COGNITO is not in SupportedIdentityProviders).');
    }
    return { cognitoSignIn, externalProviders, identityProvider: undefined };
  }
  if (!names.has(chosen)) throw new InvalidRequest(`Identity provider ${clip(chosen)} is not configured for this user pool.`);
  if (!externalProviders.includes(chosen)) throw new UnauthorizedClient(`The app client does not support sign-in with identity provider ${clip(chosen)} (it is not in SupportedIdentityProviders).`);
  return { cognitoSignIn, externalProviders, identityProvider: chosen };
}
