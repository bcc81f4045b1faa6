import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Deps } from '../domain/context.ts';
import type { HandlerTable } from '../api/context.ts';
import { createDispatcher, errorResponse, type ApiRequest } from './protocol/dispatch.ts';
import { CognitoError, clip } from '../domain/errors.ts';
import { pageMayCall, registerCors } from './edge/cors.ts';
import { registerHostCheck } from './edge/host-check.ts';
import { registerTimeouts, serverTimeouts } from './edge/timeouts.ts';
import { watchMasterKey } from './edge/key-watch.ts';
import { drain } from './edge/drain.ts';
import { registerMetrics } from './edge/metrics.ts';
import { registerReady, type DatabaseProbe } from './edge/ready.ts';
import { registerRequestLog } from './edge/request-log.ts';
import type { DispatchReport } from './protocol/dispatch.ts';

export interface AppOptions {
  deps: Deps;
  handlers: HandlerTable;
  /** Extra route groups (OAuth/OIDC, outbox, uploads), registered after the API routes. */
  routes?: Array<(app: FastifyInstance, deps: Deps) => void>;
  /** PEM certificate and key: the app then serves HTTPS (config USERPOOL_TLS_CERT / USERPOOL_TLS_KEY). */
  https?: { cert: Buffer; key: Buffer };
  /** The database's readiness probe and pool figures (/ready, /metrics). */
  database: DatabaseProbe;
}

/** The largest request body read; a larger one is answered with a SerializationException. */
const BODY_LIMIT = 1024 * 1024;

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
    // Fastify's two lines per request are replaced by one with the operation (edge/request-log.ts).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT,
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

  app.setErrorHandler(async (err: { statusCode?: number; message: string; code?: string }, req, reply) => {
    // Errors raised by fastify itself before our dispatcher runs (oversize body, bad framing).
    let apiError: CognitoError;
    if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      // AWS documents no answer for an over-large Cognito request: 400 like every client error here,
      // with a JSON error every AWS client parses. Answering (and closing) while the client is still
      // sending resets its connection before it reads the answer (EPIPE): the rest of the body is
      // read and discarded first, never buffered; node's requestTimeout bounds a client that never ends.
      await drain(req.raw);
      apiError = new CognitoError('SerializationException', `Request body is too large: the limit is ${BODY_LIMIT} bytes.`);
    } else if (err.statusCode !== undefined && err.statusCode < 500) {
      apiError = new CognitoError('SerializationException', err.message);
    } else {
      app.log.error({ err }, 'unhandled error');
      apiError = new CognitoError('InternalErrorException', 'Internal server error.');
    }
    const res = errorResponse(apiError, randomUUID());
    return reply.code(res.status).headers(res.headers).send(res.body);
  });

  app.setNotFoundHandler((req, reply) => {
    const path = clip(req.url.split('?')[0] ?? '/');
    const message = `No route for ${clip(req.method)} ${path}: the Cognito API is served at POST / (X-Amz-Target) and GET /?Action=…`;
    const res = errorResponse(new CognitoError('UnknownOperationException', message, 404), randomUUID());
    void reply.code(res.status).headers(res.headers).send(res.body);
  });

  const keyProblem = watchMasterKey(app, deps);
  app.get('/health', async (_req, reply) => {
    const problem = await keyProblem();
    return problem === undefined ? { status: 'ok' } : reply.code(503).send({ status: 'error', message: problem });
  });
  registerReady(app, opts.database, keyProblem);
  const metrics = registerMetrics(app, deps, opts.database);
  const reports = new WeakMap<FastifyRequest, DispatchReport>();
  const { logFormat, logLevel } = deps.config;
  registerRequestLog(app, logFormat === 'pretty' ? (logLevel === 'silent' ? 'off' : 'pretty') : 'json', metrics, reports);

  const dispatch = createDispatcher(deps, opts.handlers, app.log);
  const api = async (req: FastifyRequest, reply: import('fastify').FastifyReply): Promise<void> => {
    const pageAllowed = pageMayCall(req, deps.config);
    const res = await dispatch(toApiRequest(req), { refuseIam: !pageAllowed });
    reports.set(req, res.report);
    if (!pageAllowed && res.iam) reply.removeHeader('access-control-allow-origin');
    void reply.code(res.status).headers(res.headers).send(res.body);
  };
  app.post('/', api);
  app.get('/', api);

  for (const register of opts.routes ?? []) register(app, deps);
  return app;
}
