/**
 * The OIDC relying party of federated sign-in: discovery (`<issuer>/.well-known/openid-configuration`,
 * kept for ten minutes), the authorization-code exchange (the client secret in the body, unless the
 * discovery document says the IdP takes only HTTP Basic, or names no method, which means Basic),
 * the ID token check with jose against the IdP's JWKS, and the userInfo request
 * (`attributes_request_method` GET or POST, with the access token as Bearer).
 */
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { IdentityProviderError, type OidcRelyingParty, type OidcSettings, type OidcSignIn } from '../../domain/federation/ports.ts';

const TIMEOUT_MS = 5000;
const DISCOVERY_TTL_MS = 10 * 60 * 1000;
/** Larger answers are not an IdP's (discovery, token and userInfo answers are a few KiB). */
const MAX_BODY = 256 * 1024;

interface Endpoints {
  authorize: string;
  token: string;
  userInfo: string | undefined;
  jwks: string;
  /** How the token endpoint takes the client secret. */
  clientAuth: 'post' | 'basic';
}

async function readJson(res: Response, what: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await res.text();
  } catch (err) {
    throw new IdentityProviderError(`The identity provider's ${what} answer could not be read: ${(err as Error).message}`);
  }
  if (text.length > MAX_BODY) throw new IdentityProviderError(`The identity provider's ${what} answer is too large.`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new IdentityProviderError(`The identity provider's ${what} answer (HTTP ${res.status}) is not JSON.`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new IdentityProviderError(`The identity provider's ${what} answer is not a JSON object.`);
  return body as Record<string, unknown>;
}

async function call(url: string, init: RequestInit, what: string): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    throw new IdentityProviderError(`The identity provider's ${what} endpoint ${url} did not answer: ${(err as Error).message}`);
  }
  const body = await readJson(res, what);
  if (!res.ok) {
    const detail = typeof body['error'] === 'string' ? `: ${body['error']}${typeof body['error_description'] === 'string' ? ` (${body['error_description']})` : ''}` : '';
    throw new IdentityProviderError(`The identity provider's ${what} endpoint answered HTTP ${res.status}${detail}.`);
  }
  return body;
}

const stringOf = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** An endpoint the IdP (or ProviderDetails) names, if it is an http(s) URL. */
function endpointUrl(value: string | undefined, what: string, issuer: string): string | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new IdentityProviderError(`The ${what} endpoint of identity provider ${issuer} is not a URL: ${value.slice(0, 200)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new IdentityProviderError(`The ${what} endpoint of identity provider ${issuer} is not an http(s) URL: ${value.slice(0, 200)}`);
  return url.href;
}

export class FetchOidcRelyingParty implements OidcRelyingParty {
  private readonly discovered = new Map<string, { at: number; doc: Record<string, unknown> }>();
  private readonly keySets = new Map<string, JWTVerifyGetKey>();

  private async discovery(issuer: string): Promise<Record<string, unknown>> {
    const cached = this.discovered.get(issuer);
    if (cached !== undefined && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.doc;
    const doc = await call(`${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`, { headers: { accept: 'application/json' } }, 'discovery');
    this.discovered.set(issuer, { at: Date.now(), doc });
    return doc;
  }

  private async endpoints(s: OidcSettings): Promise<Endpoints> {
    const given = { authorize: s.authorizeUrl, token: s.tokenUrl, userInfo: s.attributesUrl, jwks: s.jwksUri };
    const doc = given.authorize && given.token && given.userInfo && given.jwks ? {} : await this.discovery(s.issuer);
    const authorize = endpointUrl(given.authorize ?? stringOf(doc['authorization_endpoint']), 'authorization', s.issuer);
    const token = endpointUrl(given.token ?? stringOf(doc['token_endpoint']), 'token', s.issuer);
    const jwks = endpointUrl(given.jwks ?? stringOf(doc['jwks_uri']), 'JWKS', s.issuer);
    const userInfo = endpointUrl(given.userInfo ?? stringOf(doc['userinfo_endpoint']), 'userInfo', s.issuer);
    if (authorize === undefined || token === undefined || jwks === undefined) {
      throw new IdentityProviderError(`The identity provider ${s.issuer} names no authorization, token or JWKS endpoint (ProviderDetails or its discovery document).`);
    }
    // OpenID Connect Discovery: token_endpoint_auth_methods_supported "If omitted, the default is client_secret_basic".
    const methods = doc['token_endpoint_auth_methods_supported'];
    const basicOnly = 'issuer' in doc && (!Array.isArray(methods) || !methods.includes('client_secret_post'));
    return { authorize, token, jwks, userInfo, clientAuth: basicOnly ? 'basic' : 'post' };
  }

  private keySet(uri: string): JWTVerifyGetKey {
    let set = this.keySets.get(uri);
    if (set === undefined) {
      set = createRemoteJWKSet(new URL(uri), { timeoutDuration: TIMEOUT_MS });
      this.keySets.set(uri, set);
    }
    return set;
  }

  async authorizationUrl(s: OidcSettings, request: { redirectUri: string; state: string; nonce: string }): Promise<string> {
    const url = new URL((await this.endpoints(s)).authorize);
    url.searchParams.set('client_id', s.clientId);
    url.searchParams.set('redirect_uri', request.redirectUri);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('scope', s.scopes);
    url.searchParams.set('state', request.state);
    url.searchParams.set('nonce', request.nonce);
    return url.toString();
  }

  async signIn(s: OidcSettings, response: { code: string; redirectUri: string; nonce: string }): Promise<OidcSignIn> {
    const endpoints = await this.endpoints(s);
    const form = new URLSearchParams({ grant_type: 'authorization_code', code: response.code, redirect_uri: response.redirectUri, client_id: s.clientId });
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
    if (s.clientSecret !== undefined && endpoints.clientAuth === 'post') form.set('client_secret', s.clientSecret);
    // RFC 6749 §2.3.1: both parts form-urlencoded before Basic encoding.
    if (s.clientSecret !== undefined && endpoints.clientAuth === 'basic') headers['authorization'] = `Basic ${Buffer.from(`${encodeURIComponent(s.clientId)}:${encodeURIComponent(s.clientSecret)}`).toString('base64')}`;
    const tokens = await call(endpoints.token, { method: 'POST', headers, body: form }, 'token');
    const idToken = stringOf(tokens['id_token']);
    const accessToken = stringOf(tokens['access_token']);
    if (idToken === undefined) throw new IdentityProviderError('The identity provider answered no id_token (is openid among authorize_scopes?).');
    let claims: Record<string, unknown>;
    try {
      ({ payload: claims } = await jwtVerify(idToken, this.keySet(endpoints.jwks), { issuer: s.issuer, audience: s.clientId }));
    } catch (err) {
      throw new IdentityProviderError(`The identity provider's id_token is not valid: ${(err as Error).message}`);
    }
    if (claims['nonce'] !== response.nonce) throw new IdentityProviderError("The identity provider's id_token does not carry the nonce of this sign-in.");
    if (stringOf(claims['sub']) === undefined) throw new IdentityProviderError("The identity provider's id_token has no sub.");
    if (endpoints.userInfo === undefined || accessToken === undefined) return { tokenResponse: tokens, idToken: claims, userInfo: undefined };
    const bearer = { authorization: `Bearer ${accessToken}`, accept: 'application/json' };
    const info = await call(endpoints.userInfo, s.attributesRequestMethod === 'POST' ? { method: 'POST', headers: bearer } : { headers: bearer }, 'userInfo');
    if (info['sub'] !== claims['sub']) throw new IdentityProviderError("The identity provider's userInfo answer is for another subject than its id_token.");
    return { tokenResponse: tokens, idToken: claims, userInfo: info };
  }
}
