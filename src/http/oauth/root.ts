/**
 * OAuth at the server root: `/oauth2/…`, `/login`, `/logout` with no `{poolId}` path and a Host
 * that is no pool domain, as apps configured with `oauth.domain = "localhost:9339"` (Amplify) call
 * them. App client ids are unique across pools, so the client a request names finds its pool:
 * `client_id` in the query, the form body or HTTP Basic credentials, or — userInfo carries none —
 * the `client_id` claim of the Bearer access token (verified afterwards by the endpoint itself).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { basicCredentialsOf } from './client-auth.ts';
import { formOf, isFormRequest, oauthError, param, queryOf, sendHtml, type Site } from './http.ts';
import { errorPage } from './hosted-ui/pages.ts';

/** How an endpoint names its client: hosted pages and client-authenticated endpoints by client_id, userInfo by its token. */
export type RootKind = 'page' | 'client' | 'bearer';

const MAX_CLIENT_ID = 128;

export function rootClientIdOf(req: FastifyRequest, kind: RootKind): string | undefined {
  if (kind === 'bearer') return bearerClientIdOf(req);
  return param(queryOf(req), 'client_id') ?? param(formOf(req), 'client_id') ?? basicClientIdOf(req);
}

export async function siteOfClient(deps: Deps, clientId: string | undefined): Promise<Site | undefined> {
  if (clientId === undefined || clientId.length > MAX_CLIENT_ID) return undefined;
  const client = await deps.store.clients.findClientById(clientId);
  if (client === undefined) return undefined;
  const pool = await deps.store.pools.findPool(client.poolId);
  return pool && { pool, base: '' };
}

/** The answer at the root when the request names no existing client: what the endpoint answers for that client in a pool. */
export function rootRefusal(reply: FastifyReply, kind: RootKind, clientId: string | undefined, req: FastifyRequest): FastifyReply {
  const shown = clientId === undefined ? '' : clientId.length > MAX_CLIENT_ID ? `${clientId.slice(0, 32)}…` : clientId;
  if (kind === 'page') {
    return sendHtml(reply, 400, errorPage('invalid_request', clientId === undefined ? 'Required parameter client_id is missing.' : `Client ${shown} does not exist.`));
  }
  if (kind === 'client') {
    if (!isFormRequest(req)) return oauthError(reply, 400, 'invalid_request', 'Content-Type must be application/x-www-form-urlencoded.');
    if (clientId === undefined) return oauthError(reply, 400, 'invalid_request', 'client_id is required (in the body or as HTTP Basic authentication).');
    void reply.header('www-authenticate', 'Basic realm="oauth2/token"');
    return oauthError(reply, 401, 'invalid_client', `Client ${shown} does not exist.`);
  }
  if ((req.headers.authorization ?? '').trim() === '') {
    void reply.header('www-authenticate', 'Bearer');
    return oauthError(reply, 401, 'invalid_request', 'An Authorization header with a Bearer access token is required.');
  }
  const description = 'Access token is expired, disabled, or deleted, or the user has globally signed out.';
  void reply.header('www-authenticate', `Bearer error="invalid_token", error_description="${description}"`);
  return oauthError(reply, 401, 'invalid_token', description);
}

function basicClientIdOf(req: FastifyRequest): string | undefined {
  const basic = basicCredentialsOf(req.headers.authorization);
  return basic === undefined || basic === 'malformed' || basic.id === '' ? undefined : basic.id;
}

function bearerClientIdOf(req: FastifyRequest): string | undefined {
  const m = /^Bearer\s+[\w-]+\.([\w-]+)\.[\w-]+\s*$/i.exec(req.headers.authorization ?? '');
  if (m === null) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(m[1] ?? '', 'base64url').toString('utf8'));
    const id = typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>)['client_id'] : undefined;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
