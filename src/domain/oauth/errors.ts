/**
 * OAuth 2.0 / OIDC errors (RFC 6749 §4.1.2.1 and §5.2, RFC 6750 §3, RFC 7009 §2.2.1): the OAuth
 * use cases and endpoints throw them and the error handler of their route group
 * (src/http/oauth/error-handlers.ts) answers them — JSON `{"error","error_description"}` at token,
 * revoke and userInfo; at the hosted pages a redirect back to the client once its redirect_uri is
 * verified (`redirect`), else an error page.
 */

/** Where an authorization error goes back to: the request's verified redirect_uri, its response mode and state. */
export interface ErrorRedirect {
  uri: string;
  mode: 'query' | 'fragment';
  state: string | undefined;
}

export class OAuthError extends Error {
  /** The `error` code (on an error page, its title). */
  readonly error: string;
  /** `error_description`; absent when the code says it all (`login_required`). */
  readonly description: string | undefined;
  readonly status: number;
  /** The `WWW-Authenticate` challenge of a 401 (RFC 6749 §5.2, RFC 6750 §3). */
  readonly challenge: string | undefined;
  redirect: ErrorRedirect | undefined;

  constructor(error: string, description: string | undefined, status = 400, challenge?: string) {
    super(description ?? error);
    this.name = new.target.name;
    this.error = error;
    this.description = description;
    this.status = status;
    this.challenge = challenge;
  }

  /** This error, to be sent back to the client's redirect_uri rather than shown. */
  withRedirect(redirect: ErrorRedirect): this {
    this.redirect = redirect;
    return this;
  }

  /** The JSON body (RFC 6749 §5.2). */
  body(): Record<string, string> {
    return this.description === undefined ? { error: this.error } : { error: this.error, error_description: this.description };
  }
}

export class InvalidRequest extends OAuthError {
  constructor(description: string, status = 400, challenge?: string) {
    super('invalid_request', description, status, challenge);
  }
}

/** A bearer endpoint called without credentials: 401 with a bare `Bearer` challenge (RFC 6750 §3.1). */
export class MissingBearerToken extends InvalidRequest {
  constructor() {
    super('An Authorization header with a Bearer access token is required.', 401, 'Bearer');
  }
}

/** The token and revocation endpoints authenticate clients with HTTP Basic (client_secret_basic). */
export class InvalidClient extends OAuthError {
  constructor(description: string) {
    super('invalid_client', description, 401, 'Basic realm="oauth2/token"');
  }
}

export class InvalidGrant extends OAuthError {
  constructor(description: string) {
    super('invalid_grant', description);
  }
}

export class UnauthorizedClient extends OAuthError {
  constructor(description: string) {
    super('unauthorized_client', description);
  }
}

export class UnsupportedGrantType extends OAuthError {
  constructor(description: string) {
    super('unsupported_grant_type', description);
  }
}

export class UnsupportedResponseType extends OAuthError {
  constructor(description: string) {
    super('unsupported_response_type', description);
  }
}

export class InvalidScope extends OAuthError {
  constructor(description: string) {
    super('invalid_scope', description);
  }
}

/** AWS's one description for every access token userInfo refuses. */
const INVALID_TOKEN = 'Access token is expired, disabled, or deleted, or the user has globally signed out.';

export class InvalidToken extends OAuthError {
  constructor(description = INVALID_TOKEN) {
    super('invalid_token', description, 401, `Bearer error="invalid_token", error_description="${description}"`);
  }
}

export class UnsupportedTokenType extends OAuthError {
  constructor(description: string) {
    super('unsupported_token_type', description);
  }
}

/** `prompt=none` without a live hosted session (OIDC Core §3.1.2.6). */
export class LoginRequired extends OAuthError {
  constructor() {
    super('login_required', undefined);
  }
}

export class ServerError extends OAuthError {
  constructor(description?: string) {
    super('server_error', description, 500);
  }
}

/** A hosted page's redirect_uri or logout_uri is not registered: shown, never redirected to. */
export class RedirectMismatch extends OAuthError {
  constructor(description: string) {
    super('redirect_mismatch', description);
  }
}

/** A hosted page of a pool that does not exist. */
export class PageNotFound extends OAuthError {
  constructor(description: string) {
    super('not_found', description, 404);
  }
}

/** A step of sign-in the hosted pages can't show (passwordless factors, email MFA set-up, custom challenges). */
export class UnsupportedSignInStep extends OAuthError {
  constructor(description: string) {
    super('unsupported_sign_in_step', description);
  }
}
