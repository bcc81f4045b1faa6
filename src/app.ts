import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Deps, HandlerTable } from './api/context.ts';
import { createDispatcher, type ApiRequest } from './protocol/dispatch.ts';
import { pageMayCall, registerCors } from './edge/cors.ts';
import { registerHostCheck } from './edge/host-check.ts';
import { registerTimeouts, serverTimeouts } from './edge/timeouts.ts';
import { watchMasterKey } from './edge/key-watch.ts';

export interface AppOptions {
  deps: Deps;
  handlers: HandlerTable;
  /** Extra route groups (OAuth/OIDC, outbox, uploads), registered after the API routes. */
  routes?: Array<(app: FastifyInstance, deps: Deps) => void>;
  /** PEM certificate and key: the app then serves HTTPS (config USERPOOL_TLS_CERT / USERPOOL_TLS_KEY). */
  https?: { cert: Buffer; key: Buffer };
}

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
    ...serverTimeouts(deps.config),
    ...(opts.https ? { https: opts.https } : {}),
  });
  app.server.maxConnections = deps.config.maxConnections;

  // Every body arrives raw: SigV4 hashes the exact bytes, and the protocol layer does its own parsing.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  registerTimeouts(app, deps.config);
  registerHostCheck(app, deps);
  registerCors(app, deps.config);

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

  const keyProblem = watchMasterKey(app, deps);
  app.get('/health', async (_req, reply) => {
    const problem = await keyProblem();
    return problem === undefined ? { status: 'ok' } : reply.code(503).send({ status: 'error', message: problem });
  });

  const dispatch = createDispatcher(deps, opts.handlers, app.log);
  const api = async (req: FastifyRequest, reply: import('fastify').FastifyReply): Promise<void> => {
    const pageAllowed = pageMayCall(req, deps.config);
    const res = await dispatch(toApiRequest(req), { refuseIam: !pageAllowed });
    if (!pageAllowed && res.iam) reply.removeHeader('access-control-allow-origin');
    void reply.code(res.status).headers(res.headers).send(res.body);
  };
  app.post('/', api);
  app.get('/', api);

  for (const register of opts.routes ?? []) register(app, deps);
  return app;
}
