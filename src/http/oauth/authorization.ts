/**
 * The authorization response: a code (`redirect_uri?code=…&state=…`) or, for the implicit flow,
 * tokens in the fragment (`redirect_uri#id_token=…&access_token=…&token_type=Bearer&expires_in=…&state=…`;
 * no refresh token; id_token only with `openid`).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { issueTokens } from '../../domain/tokens/issue.ts';
import type { UserRecord } from '../../storage/ports/index.ts';
import { issueCode } from './codes.ts';
import { ServerError } from './errors.ts';
import { redirect, withParams } from './http.ts';
import { errorRedirectOf, type AuthRequest } from './request.ts';

export async function authorizationResponse(deps: Deps, reply: FastifyReply, request: AuthRequest, user: UserRecord, authTime: number): Promise<FastifyReply> {
  if (request.responseType === 'code') {
    const code = await issueCode(deps, request, user, authTime);
    return redirect(reply, withParams(request.redirectUri, [['code', code], ['state', request.state]]));
  }
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
  return redirect(
    reply,
    withParams(
      request.redirectUri,
      [
        ['id_token', tokens.IdToken],
        ['access_token', tokens.AccessToken],
        ['token_type', 'Bearer'],
        ['expires_in', String(tokens.ExpiresIn ?? 3600)],
        ['state', request.state],
      ],
      'fragment',
    ),
  );
}
