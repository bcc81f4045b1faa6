import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Deps, HandlerTable } from './api/context.ts';
import { createDispatcher, type ApiRequest } from './protocol/dispatch.ts';

export interface AppOptions {
  deps: Deps;
  handlers: HandlerTable;
  /** Extra route groups (OAuth/OIDC, outbox, uploads), registered after the API routes. */
  routes?: Array<(app: FastifyInstance, deps: Deps) => void>;
  /** PEM certificate and key: the app then serves HTTPS (config USERPOOL_TLS_CERT / USERPOOL_TLS_KEY). */
  https?: { cert: Buffer; key: Buffer };
}

const CORS_EXPOSE = 'x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date';
const CORS_DEFAULT_HEADERS = 'content-type, x-amz-target, x-amz-user-agent, cache-control, authorization, x-amz-date, x-amz-security-token, x-amz-content-sha256, amz-sdk-invocation-id, amz-sdk-request';

function toApiRequest(req: FastifyRequest): ApiRequest {
  return {
    method: req.method,
    rawUrl: req.raw.url ?? '/',
    headers: req.headers,
    body: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0),
    sourceIp: req.ip,
  };
}

/** The HTTP application without listen(): tests start it on port 0. */
export function createApp(opts: AppOptions): FastifyInstance {
  const { deps } = opts;
  const app = Fastify({
    logger: {
      level: deps.config.logLevel,
      redact: ['req.headers.authorization', 'req.headers["x-amz-security-token"]'],
    },
    // Per-request lines would dominate the log and the hot path; the dispatcher logs faults with their request id.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    ...(opts.https ? { https: opts.https } : {}),
  });

  // Every body arrives raw: SigV4 hashes the exact bytes, and the protocol layer does its own parsing.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.addHook('onRequest', async (req, reply) => {
    const origin = req.headers.origin;
    reply.header('access-control-allow-origin', origin ?? '*');
    if (origin) reply.header('vary', 'Origin');
    reply.header('access-control-expose-headers', CORS_EXPOSE);
  });
  app.options('*', async (req, reply) => {
    const requested = req.headers['access-control-request-headers'];
    reply
      .header('access-control-allow-methods', 'POST, GET, PUT, OPTIONS')
      .header('access-control-allow-headers', typeof requested === 'string' && requested ? requested : CORS_DEFAULT_HEADERS)
      .header('access-control-max-age', '86400')
      .code(204)
      .send();
  });

  app.setErrorHandler((err: { statusCode?: number; message: string; code?: string }, _req, reply) => {
    // Errors raised by fastify itself before our dispatcher runs (oversize body, bad framing).
    const status = err.statusCode && err.statusCode < 500 ? 400 : 500;
    const type = err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'SerializationException' : status === 400 ? 'SerializationException' : 'InternalErrorException';
    const message = err.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'Request body is too large.' : status === 400 ? err.message : 'Internal server error.';
    if (status === 500) app.log.error({ err }, 'unhandled error');
    void reply.code(status).header('content-type', 'application/x-amz-json-1.1').header('x-amzn-requestid', randomUUID()).header('x-amzn-errortype', type).send(JSON.stringify({ __type: type, message }));
  });

  app.setNotFoundHandler((req, reply) => {
    const type = 'UnknownOperationException';
    const message = `No route for ${req.method} ${req.url.split('?')[0] ?? '/'}: the Cognito API is served at POST / (X-Amz-Target) and GET /?Action=…`;
    void reply.code(404).header('content-type', 'application/x-amz-json-1.1').header('x-amzn-requestid', randomUUID()).header('x-amzn-errortype', type).send(JSON.stringify({ __type: type, message }));
  });

  app.get('/health', async () => ({ status: 'ok' }));

  const dispatch = createDispatcher(deps, opts.handlers, app.log);
  const api = async (req: FastifyRequest, reply: import('fastify').FastifyReply): Promise<void> => {
    const res = await dispatch(toApiRequest(req));
    void reply.code(res.status).headers(res.headers).send(res.body);
  };
  app.post('/', api);
  app.get('/', api);

  for (const register of opts.routes ?? []) register(app, deps);
  return app;
}
