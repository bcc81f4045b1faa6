import type { AuthenticationResultType } from '../../../generated/shapes.ts';

/** A grant's answer: the token response body (its errors are thrown as OAuthErrors). */
export type TokenResponse = Record<string, unknown>;

/** AWS's token response: `id_token` (with openid), `access_token`, `refresh_token` (when one is issued), `expires_in`, `token_type`. */
export function tokenResponse(t: AuthenticationResultType): TokenResponse {
  const body: TokenResponse = {};
  if (t.IdToken !== undefined) body['id_token'] = t.IdToken;
  body['access_token'] = t.AccessToken;
  if (t.RefreshToken !== undefined) body['refresh_token'] = t.RefreshToken;
  body['expires_in'] = t.ExpiresIn ?? 3600;
  body['token_type'] = 'Bearer';
  return body;
}
