/**
 * One line per answered request, for the request log and the metrics: the operation (or method and
 * path), the pool, the status or error type and the time taken. On a terminal (`--log pretty`) a
 * short line on stdout; otherwise a JSON line at level info through the server's logger. Probes
 * (/health, /ready, /metrics) are counted but not logged: a load balancer would fill the log.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { DispatchReport } from '../protocol/dispatch.ts';
import type { Metrics } from './metrics.ts';

const PROBES = new Set(['/health', '/ready', '/metrics']);
const SIGN_IN_OPERATIONS = new Set(['InitiateAuth', 'AdminInitiateAuth', 'RespondToAuthChallenge', 'AdminRespondToAuthChallenge']);

export interface RequestLine {
  /** The API operation, or the method and path (no query: it can hold codes and tokens). */
  what: string;
  userPoolId?: string;
  clientId?: string;
  status: number;
  errorType?: string;
  ms: number;
}

/** Printable ASCII only: a path is the client's bytes, and a terminal obeys control characters. */
function printable(s: string, max = 200): string {
  const clean = s.replace(/[^\x20-\x7e]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

export function prettyLine(line: RequestLine, at: Date): string {
  const time = at.toTimeString().slice(0, 8);
  const where = line.userPoolId !== undefined ? ` ${printable(line.userPoolId, 60)}` : line.clientId !== undefined ? ` client ${printable(line.clientId, 60)}` : '';
  const error = line.errorType !== undefined ? ` ${line.errorType}` : '';
  return `${time} ${line.status} ${line.what}${where}${error} ${line.ms < 10 ? line.ms.toFixed(1) : Math.round(line.ms)} ms\n`;
}

function stringMember(input: Record<string, unknown> | undefined, name: string): string | undefined {
  const v = input?.[name];
  return typeof v === 'string' ? v : undefined;
}

/** The sign-in step a report describes, or undefined (not a sign-in, or the request was malformed). */
export function signInOf(report: DispatchReport): { flow: string; result: string } | undefined {
  if (report.operation === undefined || !SIGN_IN_OPERATIONS.has(report.operation) || report.input === undefined) return undefined;
  const flow = stringMember(report.input, 'AuthFlow') ?? stringMember(report.input, 'ChallengeName');
  if (flow === undefined) return undefined;
  if (report.errorType !== undefined) return { flow, result: report.errorType };
  const output = report.output as { AuthenticationResult?: unknown; ChallengeName?: unknown } | undefined;
  return { flow, result: output?.AuthenticationResult !== undefined ? 'tokens' : output?.ChallengeName !== undefined ? 'challenge' : 'other' };
}

/**
 * The onResponse hook behind the log lines and the request metrics. `reports` holds what the API
 * dispatcher saw of a request (the other routes have none).
 */
export function registerRequestLog(app: FastifyInstance, format: 'pretty' | 'json' | 'off', metrics: Metrics, reports: WeakMap<FastifyRequest, DispatchReport>): void {
  const infoLogged = ['trace', 'debug', 'info'].includes(app.log.level);
  app.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done) => {
    const report = reports.get(req);
    const path = (req.raw.url ?? '/').split('?')[0] ?? '/';
    const ms = reply.elapsedTime;
    const headerType = reply.getHeader('x-amzn-errortype');
    const errorType = report?.errorType ?? (typeof headerType === 'string' ? headerType : undefined);
    const route = req.routeOptions.url;
    const operation = report?.operation ?? (report !== undefined ? 'unknown' : route !== undefined ? `${req.method} ${route}` : 'unmatched');
    metrics.observeRequest({ operation, outcome: errorType ?? (reply.statusCode < 400 ? 'success' : `http_${reply.statusCode}`), seconds: ms / 1000 });
    const signIn = report !== undefined ? signInOf(report) : undefined;
    if (signIn !== undefined) metrics.observeSignIn(signIn.flow, signIn.result);

    if (format === 'off' || PROBES.has(path)) return done();
    const line: RequestLine = {
      what: report?.operation ?? (report !== undefined ? `${req.method} / (no operation)` : `${req.method} ${printable(path)}`),
      status: reply.statusCode,
      ms,
    };
    const userPoolId = stringMember(report?.input, 'UserPoolId');
    const clientId = stringMember(report?.input, 'ClientId');
    if (userPoolId !== undefined) line.userPoolId = userPoolId;
    else if (clientId !== undefined) line.clientId = clientId;
    if (errorType !== undefined) line.errorType = errorType;
    if (format === 'pretty') process.stdout.write(prettyLine(line, new Date()));
    else if (infoLogged) app.log.info({ ...line, ms: Math.round(ms * 10) / 10 }, 'request');
    done();
  });
}
