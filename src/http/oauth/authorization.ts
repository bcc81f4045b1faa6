/**
 * The authorization response: a code (`redirect_uri?code=…&state=…`) or, for the implicit flow,
 * tokens in the fragment (`redirect_uri#id_token=…&access_token=…&token_type=Bearer&expires_in=…&state=…`).
 */
import type { FastifyReply } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { grantAuthorization } from '../../domain/oauth/authorization.ts';
import type { AuthRequest } from '../../domain/oauth/authorization-request.ts';
import type { UserRecord } from '../../storage/ports/index.ts';
import { redirect, withParams } from './http.ts';

export async function authorizationResponse(deps: Deps, reply: FastifyReply, request: AuthRequest, user: UserRecord, authTime: number): Promise<FastifyReply> {
  const grant = await grantAuthorization(deps, request, user, authTime);
  if ('code' in grant) return redirect(reply, withParams(request.redirectUri, [['code', grant.code], ['state', request.state]]));
  const { tokens } = grant;
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
