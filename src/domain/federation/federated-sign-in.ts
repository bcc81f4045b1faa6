/**
 * Sign-in through an external OpenID Connect identity provider from the hosted pages
 * (`/oauth2/authorize?identity_provider=<name>` → the IdP → `/oauth2/idpresponse`), as the Developer
 * Guide's "Using OIDC identity providers with a user pool" describes: the user pool is the IdP's
 * client (authorization code grant, `authorize_scopes`), verifies the IdP's ID token, maps its
 * claims with the provider's AttributeMapping and signs the user in (federated-user.ts).
 * The round trip's `state` is a single-use challenge session (stored hashed) bound to the pool and
 * the app client; it carries the app's own authorization request and the nonce sent to the IdP.
 */
import type { Deps } from '../context.ts';
import { consumeSession, createSession } from '../auth/sessions.ts';
import { CognitoError } from '../errors.ts';
import { opaqueToken } from '../crypto/opaque-token.ts';
import { InvalidRequest } from '../oauth/errors.ts';
import { openDetails } from '../pool-settings/identity-providers.ts';
import type { ClientRecord, IdentityProviderRecord, PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { federatedUser } from './federated-user.ts';
import { inboundAttributes } from './inbound-federation.ts';
import type { OidcRelyingParty, OidcSettings } from './ports.ts';

const STEP = 'FEDERATED_SIGN_IN';
/** Time a user has at the IdP's pages (AWS does not document it; its longest auth session is 15 minutes). */
const ROUND_TRIP_MS = 15 * 60 * 1000;

export interface FederationRoundTrip {
  provider: string;
  nonce: string;
  /** The app's authorization request (its query string), answered when the IdP sends the user back. */
  query: string;
  clientId: string;
  /** The redirect URI the IdP was given (the token request repeats it). */
  redirectUri: string;
}

function relyingParty(deps: Deps): OidcRelyingParty {
  if (deps.oidc === undefined) throw new InvalidRequest('Federated sign-in is not available on this server.');
  return deps.oidc;
}

function oidcSettingsOf(deps: Deps, provider: IdentityProviderRecord): OidcSettings {
  const d = openDetails(deps.masterKey, provider);
  return {
    issuer: d['oidc_issuer'] ?? '',
    clientId: d['client_id'] ?? '',
    clientSecret: d['client_secret'] || undefined,
    scopes: d['authorize_scopes'] ?? 'openid',
    authorizeUrl: d['authorize_url'] || undefined,
    tokenUrl: d['token_url'] || undefined,
    attributesUrl: d['attributes_url'] || undefined,
    jwksUri: d['jwks_uri'] || undefined,
    attributesRequestMethod: d['attributes_request_method'] === 'POST' ? 'POST' : 'GET',
  };
}

async function oidcProvider(deps: Deps, poolId: string, name: string): Promise<IdentityProviderRecord> {
  const provider = await deps.store.federation.findIdentityProvider(poolId, name);
  if (provider === undefined) throw new InvalidRequest(`Identity provider ${name} does not exist in this user pool.`);
  if (provider.type !== 'OIDC') {
    throw new InvalidRequest(`Sign-in through ${provider.type} identity providers is not supported by this server (OIDC identity providers are); ${provider.name} cannot be used to sign in.`);
  }
  return provider;
}

/** Where to send the browser (the IdP's authorization endpoint), and the fresh `state` it carries. */
export async function beginFederatedSignIn(deps: Deps, client: ClientRecord, providerName: string, query: string, redirectUri: string): Promise<{ url: string; state: string }> {
  const provider = await oidcProvider(deps, client.poolId, providerName);
  const settings = oidcSettingsOf(deps, provider);
  const nonce = opaqueToken(32);
  const data: Record<string, unknown> = { provider: provider.name, nonce, query, redirectUri };
  const state = await createSession(deps, { client, userSub: null, step: STEP, data, lifetimeMs: ROUND_TRIP_MS });
  return { url: await relyingParty(deps).authorizationUrl(settings, { redirectUri, state, nonce }), state };
}

/** Uses up the round trip `state` names (once; bound to the pool). */
export async function takeRoundTrip(deps: Deps, pool: PoolRecord, state: string | undefined): Promise<FederationRoundTrip> {
  const invalid = new InvalidRequest('The sign-in state is unknown, used or expired. Start the sign-in again.');
  if (state === undefined || state === '' || state.length > 512) throw invalid;
  let record;
  try {
    record = await consumeSession(deps, state, undefined, STEP);
  } catch (err) {
    if (err instanceof CognitoError) throw invalid;
    throw err;
  }
  if (record.poolId !== pool.id) throw invalid;
  const d = record.data;
  return { provider: String(d['provider']), nonce: String(d['nonce']), query: String(d['query']), clientId: record.clientId, redirectUri: String(d['redirectUri']) };
}

/** The IdP's code → verified claims → (InboundFederation) → the pool's user. */
export async function completeFederatedSignIn(deps: Deps, pool: PoolRecord, client: ClientRecord, trip: FederationRoundTrip, code: string): Promise<UserRecord> {
  const provider = await oidcProvider(deps, pool.id, trip.provider);
  const settings = oidcSettingsOf(deps, provider);
  const answer = await relyingParty(deps).signIn(settings, { code, redirectUri: trip.redirectUri, nonce: trip.nonce });
  const attributes = await inboundAttributes(deps, pool, client, provider, answer);
  return federatedUser(deps, pool, client, provider, attributes, settings.issuer);
}
