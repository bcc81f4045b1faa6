/**
 * `grant_type=refresh_token`: the same refresh as GetTokensFromRefreshToken (src/domain/auth/refresh.ts):
 * scopes and auth_time of the original grant, a new refresh token only with rotation enabled.
 */
import type { Deps } from '../../../domain/context.ts';
import { refreshWithRotation } from '../../../domain/auth/refresh.ts';
import { CognitoError } from '../../../domain/errors.ts';
import type { ClientRecord, PoolRecord } from '../../../storage/ports/index.ts';
import { param } from '../http.ts';
import { InvalidGrant, InvalidRequest } from '../errors.ts';
import { tokenResponse, type TokenResponse } from './result.ts';

export async function refreshTokenGrant(deps: Deps, pool: PoolRecord, client: ClientRecord, form: URLSearchParams): Promise<TokenResponse> {
  const token = param(form, 'refresh_token');
  if (token === undefined) throw new InvalidRequest('refresh_token is required.');
  try {
    return tokenResponse(await refreshWithRotation({ deps, pool, client }, token, param(form, 'device_key')));
  } catch (err) {
    if (err instanceof CognitoError) throw new InvalidGrant(err.message);
    throw err;
  }
}
