/**
 * Client authentication at /oauth2/token and /oauth2/revoke: `Authorization: Basic
 * base64(client_id:client_secret)` (client_secret_basic) or `client_id` + `client_secret` in the
 * form (client_secret_post); a public client sends `client_id` alone.
 */
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { clientSecretMatches } from '../../domain/auth/client-rules.ts';
import type { ClientRecord, PoolRecord } from '../../storage/ports/index.ts';
import { InvalidClient, InvalidRequest } from '../../domain/oauth/errors.ts';
import { param } from './http.ts';

export interface AuthenticatedClient {
  client: ClientRecord;
  withSecret: boolean;
}

function formDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** The client id and secret of an `Authorization: Basic` header (form-encoded, RFC 6749 §2.3.1); 'malformed' without a colon; undefined for another scheme. */
export function basicCredentialsOf(header: string | undefined): { id: string; secret: string } | 'malformed' | undefined {
  if (header === undefined || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return 'malformed';
  return { id: formDecode(decoded.slice(0, i)), secret: formDecode(decoded.slice(i + 1)) };
}

/** The authenticated client; throws invalid_client (401, with a Basic challenge) or invalid_request. */
export async function authenticateClient(deps: Deps, pool: PoolRecord, req: FastifyRequest, form: URLSearchParams): Promise<AuthenticatedClient> {
  let clientId = param(form, 'client_id');
  let secret = param(form, 'client_secret');
  const basic = basicCredentialsOf(req.headers.authorization);
  if (basic === 'malformed') throw new InvalidClient('Malformed Basic authorization header.');
  if (basic !== undefined) {
    if (clientId !== undefined && clientId !== basic.id) throw new InvalidClient('client_id in the body does not match the Authorization header.');
    clientId = basic.id;
    secret = basic.secret;
  }
  if (clientId === undefined) throw new InvalidRequest('client_id is required (in the body or as HTTP Basic authentication).');
  const client = await deps.store.clients.findClient(pool.id, clientId);
  if (client === undefined) throw new InvalidClient(`Client ${clientId} does not exist in user pool ${pool.id}.`);
  const match = clientSecretMatches(deps, client, secret);
  if (match === 'missing') throw new InvalidClient(`Client ${client.id} has a secret; authenticate with client_secret_basic or client_secret_post.`);
  if (match === 'wrong') throw new InvalidClient(`Unable to verify the secret of client ${client.id}.`);
  return { client, withSecret: client.secretSealed !== null };
}
