/**
 * `GET /metrics` in Prometheus's text format (prom-client). Each app has its own registry, so
 * several servers in one process (startUserpool, tests) never mix their figures. Labels hold only
 * bounded values: operation names and error types of this server, route patterns, the model's enums.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import type { DatabaseProbe } from './ready.ts';

export interface RequestFigures {
  /** The API operation, or `<METHOD> <route pattern>` for the other routes. */
  operation: string;
  /** `success`, or the error type answered (`NotAuthorizedException`, `http_404`…). */
  outcome: string;
  seconds: number;
}

export interface Metrics {
  observeRequest(r: RequestFigures): void;
  /** A sign-in step: its flow (AuthFlow, or the challenge answered) and result (`tokens`, `challenge` or the error type). */
  observeSignIn(flow: string, result: string): void;
}

/** How long the count of running import jobs is reused: a scrape storm costs at most one query a second. */
const IMPORT_COUNT_TTL_MS = 1000;

export function registerMetrics(app: FastifyInstance, deps: Deps, database: DatabaseProbe): Metrics {
  const register = new Registry();
  collectDefaultMetrics({ register });

  const requests = new Counter({ name: 'userpool_requests_total', help: 'Requests answered, by operation and outcome (success or the error type).', labelNames: ['operation', 'outcome'], registers: [register] });
  const duration = new Histogram({
    name: 'userpool_request_duration_seconds',
    help: 'Time from receiving a request to answering it, by operation.',
    labelNames: ['operation'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [register],
  });
  const signIns = new Counter({ name: 'userpool_sign_ins_total', help: 'Sign-in steps through InitiateAuth, AdminInitiateAuth and (Admin)RespondToAuthChallenge, by flow and result (tokens, challenge or the error type).', labelNames: ['flow', 'result'], registers: [register] });

  let importCount: { value: number; at: number } | undefined;
  new Gauge({
    name: 'userpool_import_jobs_active',
    help: 'User import jobs started and not finished (Pending, InProgress, Stopping), in every pool.',
    registers: [register],
    async collect() {
      const now = Date.now();
      if (importCount === undefined || now - importCount.at > IMPORT_COUNT_TTL_MS) {
        importCount = { value: await deps.store.imports.countUnfinishedImportJobs(), at: now };
      }
      this.set(importCount.value);
    },
  });
  if (database.poolFigures() !== undefined) {
    const figure = (name: string, help: string, pick: (f: NonNullable<ReturnType<DatabaseProbe['poolFigures']>>) => number): void => {
      new Gauge({
        name,
        help,
        registers: [register],
        collect() {
          const f = database.poolFigures();
          if (f !== undefined) this.set(pick(f));
        },
      });
    };
    figure('userpool_db_pool_connections', 'PostgreSQL connections open (busy or idle).', (f) => f.total);
    figure('userpool_db_pool_idle_connections', 'PostgreSQL connections open and idle.', (f) => f.idle);
    figure('userpool_db_pool_waiting_queries', 'Queries waiting for a PostgreSQL connection.', (f) => f.waiting);
    figure('userpool_db_pool_max_connections', 'The most PostgreSQL connections the pool opens.', (f) => f.max);
  }

  app.get('/metrics', async (_req, reply) => {
    const text = await register.metrics();
    return reply.header('content-type', register.contentType).header('cache-control', 'no-store').send(text);
  });

  return {
    observeRequest: (r) => {
      requests.inc({ operation: r.operation, outcome: r.outcome });
      duration.observe({ operation: r.operation }, r.seconds);
    },
    observeSignIn: (flow, result) => signIns.inc({ flow, result }),
  };
}
