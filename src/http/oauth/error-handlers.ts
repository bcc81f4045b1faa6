/**
 * The error handlers of the two OAuth route groups (one per group, as node-oidc-provider has):
 * the endpoints throw OAuthErrors and these answer them in the group's format — JSON for token,
 * revoke and userInfo; a redirect to the verified redirect_uri or an error page for the hosted
 * pages. Anything else thrown there answers in the same format, never as a Cognito API error.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { drain } from '../edge/drain.ts';
import { InvalidRequest, OAuthError, ServerError } from '../../domain/oauth/errors.ts';
import { errorPage } from './hosted-ui/pages.ts';
import { redirect, sendHtml, sendJson, withParams } from './http.ts';

/**
 * `err` as an OAuth error: an OAuthError as thrown; fastify's refusal of the request (a body over
 * the limit, bad framing) as invalid_request; anything else — a bug, the database down — is
 * logged and answered as server_error.
 */
async function oauthErrorOf(err: unknown, req: FastifyRequest): Promise<OAuthError> {
  if (err instanceof OAuthError) return err;
  const { code, statusCode, message } = (err ?? {}) as { code?: unknown; statusCode?: unknown; message?: unknown };
  if (typeof code === 'string' && code.startsWith('FST_') && typeof statusCode === 'number' && statusCode < 500) {
    if (code !== 'FST_ERR_CTP_BODY_TOO_LARGE') return new InvalidRequest(String(message));
    // Answering while the client still sends resets its connection before it reads the answer.
    await drain(req.raw);
    return new InvalidRequest(`Request body is too large: the limit is ${req.routeOptions.bodyLimit} bytes.`);
  }
  req.log.error({ err }, 'unhandled error');
  return new ServerError('Internal server error.');
}

/** Token, revoke, userInfo: `{"error","error_description"}` with the error's status and challenge. */
export async function jsonErrorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const error = await oauthErrorOf(err, req);
  if (error.challenge !== undefined) void reply.header('www-authenticate', error.challenge);
  return sendJson(reply, error.status, error.body());
}

/** Authorize, login, logout: back to the client's verified redirect_uri, else an error page. */
export async function pageErrorHandler(err: unknown, req: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const error = await oauthErrorOf(err, req);
  const back = error.redirect;
  if (back !== undefined) {
    return redirect(reply, withParams(back.uri, [['error', error.error], ['error_description', error.description], ['state', back.state]], back.mode));
  }
  return sendHtml(reply, error.status, errorPage(error.error, error.description ?? ''));
}
