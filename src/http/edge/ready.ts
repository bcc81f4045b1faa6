/**
 * `GET /ready`: whether this node can serve — its database answers and the master key is the
 * database's. `/health` stays liveness (the process runs); a load balancer takes a node whose
 * database is gone out of rotation with /ready, without restarting it.
 */
import type { FastifyInstance } from 'fastify';

export interface DatabaseProbe {
  /** Rejects unless the database answers a trivial query. */
  ping(): Promise<void>;
  /** PostgreSQL's pool figures; undefined for SQLite. */
  poolFigures(): { total: number; idle: number; waiting: number; max: number } | undefined;
}

/** A database that does not answer within this is not ready (the probe must not hang with it). */
const PING_TIMEOUT_MS = 2000;

function withTimeout(work: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export function registerReady(app: FastifyInstance, database: DatabaseProbe, keyProblem: () => Promise<string | undefined>): void {
  app.get('/ready', async (_req, reply) => {
    try {
      await withTimeout(database.ping());
    } catch (err) {
      return reply.code(503).send({ status: 'unavailable', message: `database: ${(err as Error).message}` });
    }
    const problem = await keyProblem();
    if (problem !== undefined) return reply.code(503).send({ status: 'unavailable', message: problem });
    return { status: 'ready' };
  });
}
