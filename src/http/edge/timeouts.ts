/**
 * Connection limits, so that slow or idle clients cannot hold the server: headers within 10 s, a
 * body within `bodyTimeoutMs` (10 s; an import upload `uploadTimeoutMs`, 300 s), a whole request
 * within the upload limit, idle keep-alive connections closed after 72 s, any socket silent for
 * 120 s closed, and at most `maxConnections` connections (README "Security").
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from '../../config/config.ts';

export const HEADERS_TIMEOUT_MS = 10_000;
export const KEEP_ALIVE_TIMEOUT_MS = 72_000;
export const SOCKET_IDLE_TIMEOUT_MS = 120_000;

/** Options for Fastify(): node checks the header and request deadlines every second (not every 30 s). */
export function serverTimeouts(config: Config) {
  return {
    http: { headersTimeout: HEADERS_TIMEOUT_MS, connectionsCheckingInterval: 1000 },
    requestTimeout: Math.max(config.uploadTimeoutMs, config.bodyTimeoutMs, HEADERS_TIMEOUT_MS + 1),
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    connectionTimeout: SOCKET_IDLE_TIMEOUT_MS,
  };
}

const isUpload = (method: string, url: string): boolean => method === 'PUT' && url.startsWith('/_userpool/import/');

/** A request whose body has not fully arrived in time loses its connection (node's own limit covers only the whole request). */
export function registerTimeouts(app: FastifyInstance, config: Config): void {
  app.addHook('onRequest', (req, reply, done) => {
    const raw = req.raw;
    if (!raw.complete) {
      const ms = isUpload(req.method, raw.url ?? '/') ? config.uploadTimeoutMs : config.bodyTimeoutMs;
      const timer = setTimeout(() => {
        if (!raw.complete) raw.socket.destroy();
      }, ms);
      timer.unref();
      const clear = (): void => clearTimeout(timer);
      raw.once('end', clear);
      raw.once('close', clear);
      reply.raw.once('finish', clear);
    }
    done();
  });
}
