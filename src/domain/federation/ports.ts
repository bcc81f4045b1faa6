/**
 * How the domain talks to an external OpenID Connect identity provider (the pool's OIDC
 * CreateIdentityProvider entry). Discovery, the token request, the ID token's signature check and
 * the userInfo request are an adapter's business (src/adapters/oidc/).
 */

/** An OIDC provider's ProviderDetails, as CreateIdentityProvider stores them. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  /** Space-separated, as `authorize_scopes`. */
  scopes: string;
  /** Endpoints given in ProviderDetails; the missing ones come from the issuer's discovery document. */
  authorizeUrl: string | undefined;
  tokenUrl: string | undefined;
  attributesUrl: string | undefined;
  jwksUri: string | undefined;
  attributesRequestMethod: 'GET' | 'POST';
}

export interface OidcRelyingParty {
  /** The IdP's authorization endpoint with an authorization-code request for `redirectUri`. */
  authorizationUrl(settings: OidcSettings, request: { redirectUri: string; state: string; nonce: string }): Promise<string>;
  /**
   * Exchanges the code at the token endpoint, verifies the ID token (signature by the IdP's JWKS,
   * issuer, audience, expiry, nonce) and asks the userInfo endpoint (when there is one); answers the
   * three. Rejects with an IdentityProviderError.
   */
  signIn(settings: OidcSettings, response: { code: string; redirectUri: string; nonce: string }): Promise<OidcSignIn>;
}

/** What a verified OIDC sign-in brought back. */
export interface OidcSignIn {
  /** The token endpoint's answer (access_token, id_token, token_type, expires_in, …). */
  tokenResponse: Record<string, unknown>;
  /** The verified ID token's claims. */
  idToken: Record<string, unknown>;
  /** The userInfo answer (same subject as the ID token), when the IdP has the endpoint. */
  userInfo: Record<string, unknown> | undefined;
}

/** The IdP could not be reached or answered something that is not a valid sign-in. */
export class IdentityProviderError extends Error {}
