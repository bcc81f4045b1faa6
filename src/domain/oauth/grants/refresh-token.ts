/**
 * `grant_type=refresh_token`: the same refresh as GetTokensFromRefreshToken (src/domain/auth/refresh.ts):
 * scopes and auth_time of the original grant, a new refresh token only with rotation enabled.
 */
import type { Deps } from '../../context.ts';
import { refreshWithRotation } from '../../auth/refresh.ts';
import { CognitoError } from '../../errors.ts';
import type { AuthenticationResultType } from '../../../generated/shapes.ts';
import type { ClientRecord, PoolRecord } from '../../../storage/ports/index.ts';
import { InvalidGrant, InvalidRequest } from '../errors.ts';

export async function refreshTokenGrant(deps: Deps, pool: PoolRecord, client: ClientRecord, refreshToken: string | undefined, deviceKey: string | undefined): Promise<AuthenticationResultType> {
  if (refreshToken === undefined) throw new InvalidRequest('refresh_token is required.');
  try {
    return await refreshWithRotation({ deps, pool, client }, refreshToken, deviceKey);
  } catch (err) {
    if (err instanceof CognitoError) throw new InvalidGrant(err.message);
    throw err;
  }
}
