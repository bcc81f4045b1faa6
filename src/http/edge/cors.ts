/**
 * Which web pages may call what. Public operations and the OAuth endpoints are open to every
 * origin, as on AWS (browser apps sign in with them). IAM-authenticated operations and the
 * `/_userpool/*` routes (outbox, import log and upload) answer a page of another origin only when
 * the origin is configured (`USERPOOL_CORS_ORIGINS`); a refused page's request is not carried out.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.ts';

const EXPOSE = 'x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date';
const DEFAULT_HEADERS = 'content-type, x-amz-target, x-amz-user-agent, cache-control, authorization, x-amz-date, x-amz-security-token, x-amz-content-sha256, amz-sdk-invocation-id, amz-sdk-request';

/** The longest Origin / Access-Control-Request-Headers value echoed back. */
const MAX_ECHO = 2048;

/** `*` = any origin; `:*` = any port; another `*` = any run of host characters. */
export function originMatches(origin: string, pattern: string): boolean {
  if (pattern === '*') return true;
  const re = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .reduce((acc, part) => `${acc}${acc.endsWith(':') ? '\\d+' : '[a-z0-9.-]+'}${part}`);
  return new RegExp(`^${re}$`, 'i').test(origin);
}

/**
 * Whether a request may reach a restricted route: not from a browser page (no Origin,
 * Sec-Fetch-Site or Referer — SDKs, curl), from the server's own origin, or from a configured origin.
 */
export function pageMayCall(req: FastifyRequest, config: Config): boolean {
  let origin = req.headers.origin;
  if (origin === undefined) {
    // A no-cors GET (an <img>, a link) carries no Origin; the browser still says where it came
    // from: Sec-Fetch-Site, or (older browsers) the Referer's origin.
    const site = req.headers['sec-fetch-site'];
    if (site !== undefined) return site !== 'cross-site' || config.corsOrigins.includes('*');
    const referer = req.headers.referer;
    if (referer === undefined) return true;
    try {
      origin = new URL(referer).origin;
    } catch {
      return false;
    }
  }
  const host = req.headers.host ?? '';
  if (origin === `http://${host}` || origin === `https://${host}`) return true;
  return config.corsOrigins.some((p) => originMatches(origin, p));
}

function isRestrictedPath(path: string): boolean {
  // Hosted UI images are embedded in sign-in pages on any domain: open like the pages themselves.
  return path.startsWith('/_userpool/') && !path.startsWith('/_userpool/ui/');
}

export function registerCors(app: FastifyInstance, config: Config): void {
  app.addHook('onRequest', (req, reply, done) => {
    const origin = req.headers.origin;
    const path = (req.raw.url ?? '/').split('?')[0] ?? '/';
    if (isRestrictedPath(path) && !pageMayCall(req, config)) {
      void reply.code(403).header('vary', 'Origin').send({ message: `Pages of origin ${origin ?? '(cross-site)'} may not use ${path}: add the origin to USERPOOL_CORS_ORIGINS.` });
      return;
    }
    // An Origin is a scheme, a host and a port: a longer one is no browser's, and echoing it
    // could make a header no client reads (every response header stays under 8 KiB).
    reply.header('access-control-allow-origin', origin === undefined || origin.length > MAX_ECHO ? '*' : origin);
    if (origin) reply.header('vary', 'Origin');
    reply.header('access-control-expose-headers', EXPOSE);
    done();
  });
  app.options('*', async (req, reply) => {
    const requested = req.headers['access-control-request-headers'];
    reply
      .header('access-control-allow-methods', 'POST, GET, PUT, OPTIONS')
      .header('access-control-allow-headers', typeof requested === 'string' && requested && requested.length <= MAX_ECHO ? requested : DEFAULT_HEADERS)
      .header('access-control-max-age', '86400')
      .code(204)
      .send();
  });
}
