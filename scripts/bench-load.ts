/**
 * Load generation for the benchmark: autocannon for single-request scenarios, a keep-alive
 * node:http loop for multi-step ones, and one-off JSON 1.1 calls for setup.
 * Every run samples the server process's CPU time and RSS before and after.
 */
import { Agent, request as httpRequest } from 'node:http';
import autocannon from 'autocannon';
import { machineBusyUs, sampleProc } from './bench-procs.ts';

/** Admin operations carry a SigV4 Authorization header, as every SDK sends (never checked in `accept` mode). */
const SIGV4_HEADERS: Record<string, string> = {
  authorization:
    'AWS4-HMAC-SHA256 Credential=AKIDBENCHMARK000000/20260101/us-east-1/cognito-idp/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7',
  'x-amz-date': '20260101T000000Z',
};

/** Operations AWS serves without a signature (the SDK sends them unsigned). */
const UNSIGNED = new Set(['InitiateAuth', 'RespondToAuthChallenge', 'SignUp', 'ConfirmSignUp', 'GetUser']);

export function headersFor(operation: string): Record<string, string> {
  return {
    'content-type': 'application/x-amz-json-1.1',
    'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`,
    ...(UNSIGNED.has(operation) ? {} : SIGV4_HEADERS),
  };
}

export interface CallResult {
  status: number;
  json: Record<string, unknown>;
  /** The server asked to close the connection after this response. */
  closes: boolean;
}

/**
 * Keep-alive agent for setup calls and the multi-step loops. node:http rather than fetch: on this
 * 2-core machine the load generator shares the cores with the server, and against the ceiling a
 * 32-way fetch (undici) loop tops out near 2,500 req/s while node:http with a keep-alive agent
 * reaches about 17,000 req/s — fetch would spend the server's CPU.
 */
export const agent = new Agent({ keepAlive: true, maxSockets: 256, maxFreeSockets: 256 });

/**
 * One JSON 1.1 call over a keep-alive connection (setup, probes, seeding, loops). A request that
 * fails on a reused connection the server was closing at that moment (its keep-alive timeout) is
 * sent once more on a new connection, as Node's documentation advises.
 */
export async function call(url: string, operation: string, body: unknown, timeoutMs = 60_000): Promise<CallResult> {
  try {
    return await callOnce(url, operation, body, timeoutMs);
  } catch (e) {
    if (!(e instanceof ReusedSocketError)) throw e;
    return callOnce(url, operation, body, timeoutMs);
  }
}

class ReusedSocketError extends Error {}

function callOnce(url: string, operation: string, body: unknown, timeoutMs: number): Promise<CallResult> {
  const payload = Buffer.from(JSON.stringify(body));
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: target.hostname, port: target.port, path: '/', method: 'POST', agent, headers: { ...headersFor(operation), 'content-length': payload.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8');
          let json: Record<string, unknown>;
          try {
            json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            json = { __type: `HTTP ${status}`, message: text.slice(0, 200) };
          }
          resolve({ status, json, closes: String(res.headers['connection'] ?? '').toLowerCase() === 'close' });
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${operation}: no answer within ${timeoutMs / 1000} s`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      reject(req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE') ? new ReusedSocketError(err.message) : err);
    });
    req.end(payload);
  });
}

/** `Type: message` of an error answer. */
export function errorOf(r: CallResult): string {
  const type = String(r.json['__type'] ?? r.json['code'] ?? `HTTP ${r.status}`).replace(/^.*#/, '');
  const message = String(r.json['message'] ?? r.json['Message'] ?? '');
  return message ? `${type}: ${message}` : type;
}

export function isUnsupported(r: CallResult): boolean {
  const type = String(r.json['__type'] ?? '').replace(/^.*#/, '');
  // Userpool: UnsupportedOperationException; cognito-local: Unsupported; moto: NotImplemented…
  return r.status >= 400 && (type === 'UnsupportedOperationException' || type === 'Unsupported' || type.startsWith('NotImplemented') || type.includes('NotYetImplemented'));
}

/** A call that must succeed (setup). */
export async function mustCall(url: string, operation: string, body: unknown): Promise<Record<string, unknown>> {
  const r = await call(url, operation, body);
  if (r.status !== 200) throw new Error(`${operation} failed: ${errorOf(r)}`);
  return r.json;
}

export interface Measure {
  /** 2xx responses (for loops: completed iterations). */
  ok: number;
  /** Non-2xx answers, transport errors and timeouts. */
  errors: number;
  wallS: number;
  rps: number;
  p50: number;
  p99: number;
  /** Server CPU time per completed request (µs). */
  cpuUsPerReq: number;
  /** Server RSS after the run (MiB). */
  rssMiB: number;
  /** Server peak RSS since it started (MiB). */
  hwmMiB: number;
  /** Cores the server used on average during the run. */
  serverCores: number;
  /** Cores the load generator (this process) used on average. */
  genCores: number;
  /** Cores every other process on the machine used on average: noise when well above 0. */
  otherCores: number;
}

let quietWaitS = 0;
let quietWaited = 0;

/** Before each measurement, wait up to `seconds` for other processes to leave the CPU (0: never wait). */
export function setQuietWait(seconds: number): void {
  quietWaitS = seconds;
}

/** Seconds spent waiting for a quiet machine so far. */
export function quietWaitedS(): number {
  return quietWaited;
}

/**
 * Waits (up to the configured time) until processes other than the server and this one use less
 * than 0.3 of a core: the machine may be shared, and a busy neighbour makes every number low.
 */
async function waitForQuiet(pid: number): Promise<void> {
  const t0 = Date.now();
  while (Date.now() - t0 < quietWaitS * 1000) {
    const busy0 = machineBusyUs();
    const srv0 = sampleProc(pid).cpuUs;
    const gen0 = process.cpuUsage();
    await new Promise((r) => setTimeout(r, 500));
    const gen = process.cpuUsage(gen0);
    const other = machineBusyUs() - busy0 - (sampleProc(pid).cpuUs - srv0) - gen.user - gen.system;
    if (other / 0.5e6 < 0.3) break;
  }
  quietWaited += (Date.now() - t0) / 1000;
}

/** Starts measuring the server `pid`; the returned function ends the measurement. */
export function measureAround(pid: number): (ok: number, errors: number, p50: number, p99: number) => Measure {
  const before = sampleProc(pid);
  const busy0 = machineBusyUs();
  const gen0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  return (ok: number, errors: number, p50: number, p99: number): Measure => {
    const wallS = Number(process.hrtime.bigint() - t0) / 1e9;
    const after = sampleProc(pid);
    const gen = process.cpuUsage(gen0);
    const busy = machineBusyUs() - busy0;
    const serverUs = after.cpuUs - before.cpuUs;
    const genUs = gen.user + gen.system;
    const done = ok + errors;
    return {
      serverCores: serverUs / 1e6 / wallS,
      genCores: genUs / 1e6 / wallS,
      otherCores: Math.max(0, busy - serverUs - genUs) / 1e6 / wallS,
      ok,
      errors,
      wallS,
      rps: ok / wallS,
      p50,
      p99,
      cpuUsPerReq: done > 0 ? (after.cpuUs - before.cpuUs) / done : 0,
      rssMiB: after.rssKiB / 1024,
      hwmMiB: after.hwmKiB / 1024,
    };
  };
}

export interface CannonSpec {
  url: string;
  pid: number;
  operation: string;
  /** The body of each request (called per request). */
  body: () => unknown;
  connections: number;
  durationS: number;
  /** Unmeasured seconds before the measured run (0 or absent: none). */
  warmupS?: number;
}

/** Drives one operation with autocannon (keep-alive, one request in flight per connection). */
export async function runCannon(spec: CannonSpec): Promise<Measure> {
  const headers = headersFor(spec.operation);
  // Latencies are collected from each response (autocannon's own histogram keeps whole milliseconds).
  let latencies: number[] = [];
  const run = (durationS: number): Promise<autocannon.Result> =>
    new Promise((resolve, reject) => {
      const instance = autocannon(
        {
          url: spec.url,
          connections: spec.connections,
          pipelining: 1,
          duration: durationS,
          timeout: 30,
          requests: [
            {
              method: 'POST',
              path: '/',
              headers,
              setupRequest: (req) => {
                req.body = JSON.stringify(spec.body());
                return req;
              },
            },
          ],
        },
        (err: unknown, result: autocannon.Result) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve(result)),
      );
      instance.on('response', (_client, _status, _bytes, responseTime) => {
        latencies.push(responseTime);
      });
    });
  // Unmeasured warm-up (JIT, caches, connections) of both sides.
  await waitForQuiet(spec.pid);
  if (spec.warmupS !== undefined && spec.warmupS > 0) await run(spec.warmupS);
  latencies = [];
  const finish = measureAround(spec.pid);
  const result = await run(spec.durationS);
  const m = finish(result['2xx'], result.non2xx + result.errors + result.timeouts, Number.NaN, Number.NaN);
  latencies.sort((a, b) => a - b);
  m.p50 = percentile(latencies, 50);
  m.p99 = percentile(latencies, 99);
  return m;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

/**
 * Runs `step` in `concurrency` parallel loops for `durationS` seconds (or until `total` steps
 * have been taken); each step is one logical operation of possibly several requests. Latency
 * percentiles are per step. `step` returns an error string, or undefined when it succeeded.
 */
export async function runLoop(opts: {
  pid: number;
  concurrency: number;
  durationS?: number;
  total?: number;
  step: (i: number) => Promise<string | undefined>;
  /** Unmeasured seconds of the same loop first (duration-bound loops only). */
  warmupS?: number;
}): Promise<Measure & { firstError?: string }> {
  if (opts.durationS !== undefined && opts.warmupS !== undefined) await waitForQuiet(opts.pid);
  if (opts.warmupS !== undefined && opts.warmupS > 0 && opts.durationS !== undefined) {
    await runLoop({ pid: opts.pid, concurrency: opts.concurrency, durationS: opts.warmupS, step: opts.step });
  }
  const finish = measureAround(opts.pid);
  const deadline = opts.durationS === undefined ? Infinity : Date.now() + opts.durationS * 1000;
  let next = 0;
  let ok = 0;
  let errors = 0;
  let firstError: string | undefined;
  const latencies: number[] = [];
  const worker = async (): Promise<void> => {
    for (;;) {
      if (Date.now() >= deadline) return;
      if (opts.total !== undefined && next >= opts.total) return;
      const i = next++;
      const t0 = performance.now();
      let err: string | undefined;
      try {
        err = await opts.step(i);
      } catch (e) {
        err = e instanceof Error ? e.message : String(e);
      }
      latencies.push(performance.now() - t0);
      if (err === undefined) ok++;
      else {
        errors++;
        firstError ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  latencies.sort((a, b) => a - b);
  const m = finish(ok, errors, percentile(latencies, 50), percentile(latencies, 99));
  return firstError === undefined ? m : { ...m, firstError };
}
