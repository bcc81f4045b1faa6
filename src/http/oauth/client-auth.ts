/**
 * Client authentication at /oauth2/token and /oauth2/revoke: `Authorization: Basic
 * base64(client_id:client_secret)` (client_secret_basic) or `client_id` + `client_secret` in the
 * form (client_secret_post); a public client sends `client_id` alone.
 */
import type { FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { clientSecretMatches } from '../../domain/auth/client-rules.ts';
import type { ClientRecord, PoolRecord } from '../../storage/ports/index.ts';
import { param } from './http.ts';

export type ClientAuth = { ok: true; client: ClientRecord; withSecret: boolean } | { ok: false; status: number; error: string; description: string };

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

export async function authenticateClient(deps: Deps, pool: PoolRecord, req: FastifyRequest, form: URLSearchParams): Promise<ClientAuth> {
  const invalid = (description: string): ClientAuth => ({ ok: false, status: 401, error: 'invalid_client', description });
  let clientId = param(form, 'client_id');
  let secret = param(form, 'client_secret');
  const basic = basicCredentialsOf(req.headers.authorization);
  if (basic === 'malformed') return invalid('Malformed Basic authorization header.');
  if (basic !== undefined) {
    if (clientId !== undefined && clientId !== basic.id) return invalid('client_id in the body does not match the Authorization header.');
    clientId = basic.id;
    secret = basic.secret;
  }
  if (clientId === undefined) return { ok: false, status: 400, error: 'invalid_request', description: 'client_id is required (in the body or as HTTP Basic authentication).' };
  const client = await deps.store.clients.findClient(pool.id, clientId);
  if (client === undefined) return invalid(`Client ${clientId} does not exist in user pool ${pool.id}.`);
  const match = clientSecretMatches(deps, client, secret);
  if (match === 'missing') return invalid(`Client ${client.id} has a secret; authenticate with client_secret_basic or client_secret_post.`);
  if (match === 'wrong') return invalid(`Unable to verify the secret of client ${client.id}.`);
  return { ok: true, client, withSecret: client.secretSealed !== null };
}
