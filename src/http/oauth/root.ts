/**
 * OAuth at the server root: `/oauth2/…`, `/login`, `/logout` with no `{poolId}` path and a Host
 * that is no pool domain, as apps configured with `oauth.domain = "localhost:9339"` (Amplify) call
 * them. App client ids are unique across pools, so the client a request names finds its pool:
 * `client_id` in the query, the form body or HTTP Basic credentials, or — userInfo carries none —
 * the `client_id` claim of the Bearer access token (verified afterwards by the endpoint itself).
 */
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { basicCredentialsOf } from './client-auth.ts';
import { InvalidClient, InvalidRequest, InvalidToken, MissingBearerToken, type OAuthError } from '../../domain/oauth/errors.ts';
import { formOf, isFormRequest, param, queryOf, type Site } from './http.ts';

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

/** The error at the root when the request names no existing client: what the endpoint answers for that client in a pool. */
export function rootRefusal(kind: RootKind, clientId: string | undefined, req: FastifyRequest): OAuthError {
  const shown = clientId === undefined ? '' : clientId.length > MAX_CLIENT_ID ? `${clientId.slice(0, 32)}…` : clientId;
  if (kind === 'page') return new InvalidRequest(clientId === undefined ? 'Required parameter client_id is missing.' : `Client ${shown} does not exist.`);
  if (kind === 'client') {
    if (!isFormRequest(req)) return new InvalidRequest('Content-Type must be application/x-www-form-urlencoded.');
    if (clientId === undefined) return new InvalidRequest('client_id is required (in the body or as HTTP Basic authentication).');
    return new InvalidClient(`Client ${shown} does not exist.`);
  }
  return (req.headers.authorization ?? '').trim() === '' ? new MissingBearerToken() : new InvalidToken();
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
