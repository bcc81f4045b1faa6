/**
 * HTTP plumbing of the OAuth endpoints: which pool a request is for (path `/{poolId}/…` or the
 * Host header of a pool domain), form and query parameters, cookies, and the JSON / HTML answers.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import type { PoolRecord } from '../../storage/ports/index.ts';

const POOL_ID = /^[\w-]+_[0-9a-zA-Z]+$/;

/** The pool a request is for and the path prefix its pages live under (`/{poolId}` or `` for a domain host). */
export interface Site {
  pool: PoolRecord;
  base: string;
}

/** The request's host name (no port), lower-cased. */
export function hostOf(req: FastifyRequest): string {
  const raw = req.headers.host ?? '';
  const host = raw.startsWith('[') ? raw.slice(0, raw.indexOf(']') + 1) : raw.split(':')[0] ?? '';
  return host.toLowerCase();
}

/**
 * The pool of a request: by the `{poolId}` path segment, else by Host — a custom domain's full
 * name, or a prefix domain as the first label (`<prefix>.auth.<region>.amazoncognito.com`, or any
 * host whose first label is a registered prefix).
 */
export async function siteOf(deps: Deps, req: FastifyRequest, poolId: string | undefined): Promise<Site | undefined> {
  if (poolId !== undefined) {
    if (!POOL_ID.test(poolId)) return undefined;
    const pool = await deps.store.pools.findPool(poolId);
    return pool && { pool, base: `/${poolId}` };
  }
  const host = hostOf(req);
  if (host === '') return undefined;
  let domain = await deps.store.oauth.findDomain(host);
  if (domain === undefined || !domain.custom) {
    const prefix = host.split('.')[0] ?? '';
    const byPrefix = prefix === host ? domain : await deps.store.oauth.findDomain(prefix);
    domain = byPrefix !== undefined && !byPrefix.custom ? byPrefix : undefined;
  }
  if (domain === undefined) return undefined;
  const pool = await deps.store.pools.findPool(domain.poolId);
  return pool && { pool, base: '' };
}

/** Query-string parameters (first value of each). */
export function queryOf(req: FastifyRequest): URLSearchParams {
  const url = req.raw.url ?? '/';
  const i = url.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : url.slice(i + 1));
}

/** The raw query string (without `?`). */
export function rawQueryOf(req: FastifyRequest): string {
  const url = req.raw.url ?? '/';
  const i = url.indexOf('?');
  return i < 0 ? '' : url.slice(i + 1);
}

export function isFormRequest(req: FastifyRequest): boolean {
  const type = req.headers['content-type'] ?? '';
  return type.split(';')[0]?.trim().toLowerCase() === 'application/x-www-form-urlencoded';
}

/** A form-encoded body's parameters (empty for any other body). */
export function formOf(req: FastifyRequest): URLSearchParams {
  if (!isFormRequest(req) || !Buffer.isBuffer(req.body)) return new URLSearchParams();
  return new URLSearchParams(req.body.toString('utf8'));
}

/** A parameter's value, undefined when absent or empty. */
export function param(params: URLSearchParams, name: string): string | undefined {
  const v = params.get(name);
  return v === null || v === '' ? undefined : v;
}

export function cookiesOf(req: FastifyRequest): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (name !== '' && !out.has(name)) out.set(name, part.slice(i + 1).trim());
  }
  return out;
}

export interface CookieOptions {
  path: string;
  maxAge: number;
  secure: boolean;
}

export function setCookie(reply: FastifyReply, name: string, value: string, o: CookieOptions): void {
  const secure = o.secure || reply.request.protocol === 'https';
  const cookie = `${name}=${value}; Path=${o.path}; Max-Age=${o.maxAge}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
  const prev = reply.getHeader('set-cookie');
  const list = prev === undefined ? [] : Array.isArray(prev) ? prev.map(String) : [String(prev)];
  void reply.header('set-cookie', [...list, cookie]);
}

/** Cookie attributes for a site: scoped to its path, Secure when the public URL is https (setCookie adds it for a request over TLS too). */
export function cookieOptions(deps: Deps, site: Site, maxAge: number): CookieOptions {
  return { path: site.base === '' ? '/' : site.base, maxAge, secure: deps.publicUrl().startsWith('https:') };
}

/** An OAuth JSON answer (`{"error": …}` or tokens), never cached. */
export function sendJson(reply: FastifyReply, status: number, body: Record<string, unknown>): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json;charset=UTF-8')
    .header('cache-control', 'no-store')
    .header('pragma', 'no-cache')
    .send(JSON.stringify(body));
}

export function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'text/html;charset=UTF-8')
    .header('cache-control', 'no-store')
    .header('x-frame-options', 'DENY')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
    .send(html);
}

export function redirect(reply: FastifyReply, location: string): FastifyReply {
  return reply.code(302).header('location', location).header('cache-control', 'no-store').send();
}

/** `uri` with `params` added to its query (`?` or `&`) or, for `fragment`, after `#`. */
export function withParams(uri: string, params: Array<[string, string | undefined]>, mode: 'query' | 'fragment' = 'query'): string {
  const q = new URLSearchParams();
  for (const [k, v] of params) if (v !== undefined) q.append(k, v);
  const s = q.toString();
  if (mode === 'fragment') return `${uri}#${s}`;
  return `${uri}${uri.includes('?') ? '&' : '?'}${s}`;
}

/** A host name or IP literal with an optional port: nothing else goes into an advertised URL. */
const HOST = /^(?:[a-z0-9-]+(?:\.[a-z0-9-]+)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

/**
 * The origin a request reached this server by: the public URL when the Host is the public URL's
 * (its scheme may be a proxy's), else the request's own scheme and Host (the Host check has
 * already refused names that are not this server's).
 */
export function originOf(deps: Deps, req: FastifyRequest): string {
  const pub = new URL(deps.publicUrl());
  const host = (req.headers.host ?? '').toLowerCase();
  if (!HOST.test(host) || host === pub.host.toLowerCase()) return deps.publicUrl();
  return `${req.protocol}://${host}`;
}
