/**
 * What an authorization request grants a signed-in user: a code (single-use, see
 * authorization-codes.ts) or, for the implicit flow, tokens — no refresh token; an ID token only
 * with `openid`.
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../context.ts';
import { issueTokens } from '../tokens/issue.ts';
import type { AuthenticationResultType } from '../../generated/shapes.ts';
import type { UserRecord } from '../../storage/ports/index.ts';
import { issueAuthorizationCode } from './authorization-codes.ts';
import { errorRedirectOf, type AuthRequest } from './authorization-request.ts';
import { ServerError } from './errors.ts';

export type AuthorizationGrant = { code: string } | { tokens: AuthenticationResultType };

export async function grantAuthorization(deps: Deps, request: AuthRequest, user: UserRecord, authTime: number): Promise<AuthorizationGrant> {
  if (request.responseType === 'code') return { code: await issueAuthorizationCode(deps, request, user, authTime) };
  const pool = await deps.store.pools.findPool(user.poolId);
  if (pool === undefined) throw new ServerError().withRedirect(errorRedirectOf(request));
  const tokens = await issueTokens(deps, {
    pool,
    client: request.client,
    user,
    authTime,
    originJti: randomUUID(),
    withRefreshToken: false,
    scope: request.scopes.join(' '),
    oauth: true,
    nonce: request.nonce,
  });
  return { tokens };
}
