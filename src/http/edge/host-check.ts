/**
 * The Host header must name this server: its public URL, a loopback name, a pool domain, or a
 * configured extra host. A web page that rebinds its own DNS name to 127.0.0.1 (DNS rebinding)
 * then reaches the server with its own name in Host and is refused. IP literals and single-label
 * names (docker compose service names) always pass: a rebinding page needs a name in a domain
 * it controls, which has a dot. So do AWS's own names (`*.amazoncognito.com`, `*.amazonaws.com`,
 * which /etc/hosts may point here for apps that hard-code them): no web page controls their DNS.
 */
import { isIP } from 'node:net';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/context.ts';

/** The host name of a Host header value, lower-cased, without port or IPv6 brackets. */
export function hostNameOf(raw: string): string {
  const host = raw.startsWith('[') ? raw.slice(1, raw.indexOf(']')) : (raw.split(':')[0] ?? '');
  return host.toLowerCase().replace(/\.$/, '');
}

function matches(host: string, pattern: string): boolean {
  if (pattern === '*') return true;
  if (pattern.startsWith('*.')) return host.endsWith(pattern.slice(1));
  return host === pattern;
}

/** Names accepted without asking the database. */
export function isOwnName(host: string, deps: Deps): boolean {
  if (host === '' || isIP(host) !== 0 || !host.includes('.')) return true;
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host.endsWith('.amazoncognito.com') || host.endsWith('.amazonaws.com')) return true;
  if (host === hostNameOf(new URL(deps.publicUrl()).host)) return true;
  if (host === deps.config.host.toLowerCase()) return true;
  return deps.config.allowedHosts.some((p) => matches(host, p));
}

/** A custom domain by its full name, or a prefix domain as the first label (as src/http/oauth/http.ts `siteOf` routes them). */
async function isPoolDomain(host: string, deps: Deps): Promise<boolean> {
  const domain = await deps.store.oauth.findDomain(host);
  if (domain !== undefined) return true;
  const prefix = await deps.store.oauth.findDomain(host.split('.')[0] ?? '');
  return prefix !== undefined && !prefix.custom;
}

function refuse(req: FastifyRequest, reply: FastifyReply, host: string): FastifyReply {
  const message = `Host '${host}' is not a name of this server. Reach it by its URL, or add the name to USERPOOL_ALLOWED_HOSTS.`;
  const path = (req.raw.url ?? '/').split('?')[0];
  if (path === '/') {
    return reply.code(400).header('content-type', 'application/x-amz-json-1.1').header('x-amzn-errortype', 'AccessDeniedException').send(JSON.stringify({ __type: 'AccessDeniedException', message }));
  }
  return reply.code(400).header('content-type', 'text/plain; charset=utf-8').send(`${message}\n`);
}

/** The probes answer whatever the Host: load balancers and Prometheus reach a node by address or internal name, and they tell nothing about users. */
const PROBES = new Set(['/health', '/ready', '/metrics']);

export function registerHostCheck(app: FastifyInstance, deps: Deps): void {
  // Callback style: the common case (the server's own name) costs no promise.
  app.addHook('onRequest', (req, reply, done) => {
    const host = hostNameOf(req.headers.host ?? '');
    if (isOwnName(host, deps) || PROBES.has((req.raw.url ?? '/').split('?')[0] ?? '/')) return done();
    isPoolDomain(host, deps).then(
      (ok) => (ok ? done() : void refuse(req, reply, host)),
      (err: unknown) => done(err instanceof Error ? err : new Error(String(err))),
    );
  });
}
