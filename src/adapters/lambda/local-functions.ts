/**
 * Lambda functions as local modules: `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`
 * runs `<dir>/<name>.mjs`, `<dir>/<name>.js`, `<dir>/<name>/index.mjs` or `<dir>/<name>/index.js`
 * (USERPOOL_LAMBDA_DIR), exporting `handler(event, context)` — async, or the callback style.
 *
 * Handlers run in worker threads, so a handler that throws, hangs or exits cannot stall or crash the
 * server. Like Lambda's execution environments, a worker serves one invocation at a time and is kept
 * warm for the next (module state survives between invocations, as on Lambda); overlapping calls
 * start more workers, and up to 8 idle ones are kept, each for a minute. An attempt that does not answer within 5 s has its
 * worker terminated and, as on AWS ("it must respond within 5 seconds. If it does not, Amazon Cognito
 * retries the call. After three unsuccessful attempts, the function times out."), is retried, three
 * attempts in all; a handler that throws is not retried (its error is the answer). Workers see the
 * server's environment variables, as a function sees its configured environment. A module file that
 * changed since it was loaded is loaded again, so an edited handler takes effect on the next call.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { FunctionError, type FunctionInvoker } from '../../domain/triggers/ports.ts';

export const ATTEMPT_TIMEOUT_MS = 5000;
export const ATTEMPTS = 3;

/** The function name of a Lambda ARN (or a bare name), without version or alias qualifier. */
export function functionNameOf(arn: string): string | undefined {
  const m = /^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:([\w-]{1,64})(?::[\w$-]+)?$/.exec(arn);
  if (m) return m[1];
  return /^[\w-]{1,64}$/.test(arn) ? arn : undefined;
}

/** The module file for a function name in `dir`, or undefined. */
export function moduleFileOf(dir: string, name: string): string | undefined {
  for (const candidate of [`${name}.mjs`, `${name}.js`, join(name, 'index.mjs'), join(name, 'index.js')]) {
    const file = resolve(dir, candidate);
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return undefined;
}

// The worker's program (CommonJS, evaluated): for each message, import the module (again when its
// file changed), call its handler, post the answer.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
const { randomUUID } = require('node:crypto');
parentPort.on('message', async ({ id, file, version, event, name, deadline }) => {
  const reply = (answer) => parentPort.postMessage({ id, ...answer });
  let mod;
  try {
    mod = await import(pathToFileURL(file).href + '?v=' + version);
  } catch (err) {
    return reply({ ok: false, kind: 'unavailable', reason: 'ImportModuleError', message: String(err && err.message || err) });
  }
  const handler = typeof mod.handler === 'function' ? mod.handler : mod.default && typeof mod.default.handler === 'function' ? mod.default.handler : undefined;
  if (handler === undefined) return reply({ ok: false, kind: 'unavailable', reason: 'HandlerNotFound', message: file + ' exports no handler function' });
  const context = {
    functionName: name, functionVersion: '$LATEST', awsRequestId: randomUUID(),
    memoryLimitInMB: '128', callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const value = await new Promise((resolve, reject) => {
      const done = (err, v) => (err ? reject(err) : resolve(v));
      const r = handler(event, context, done);
      if (r && typeof r.then === 'function') r.then(resolve, reject);
      else if (handler.length < 3) resolve(r);
    });
    reply({ ok: true, value: JSON.parse(JSON.stringify(value === undefined ? null : value)) });
  } catch (err) {
    reply({ ok: false, kind: 'handler', message: String(err && err.message !== undefined ? err.message : err) });
  }
});
`;

interface WorkerAnswer {
  id: number;
  ok: boolean;
  value?: unknown;
  kind?: 'handler' | 'unavailable';
  reason?: string;
  message?: string;
}

type AttemptResult = { answer: WorkerAnswer } | { timedOut: true } | { crashed: string };

/**
 * Warm workers kept idle per functions folder (overlapping calls start more; those beyond this end
 * after their call), and how long an idle one is kept. Measured with `npm run bench -- --quick` (S8,
 * 32 concurrent sign-ins): a new worker per call 55 sign-ins/s at 35 ms CPU each; 4 kept 292/s
 * (calls kept starting workers); 8 kept 579/s at 2.6 ms, RSS 213 MiB; 16 kept 580/s, RSS 291 MiB
 * (S4 without a function: 660/s, 2.1 ms, 130 MiB). About 10 MiB per warm worker.
 */
const MAX_IDLE_WORKERS = 8;
const IDLE_LIFETIME_MS = 60_000;

/** A worker thread that runs one invocation at a time. */
class FunctionWorker {
  private readonly worker = new Worker(WORKER_SOURCE, { eval: true, stdout: false, stderr: false });
  private pending: ((r: AttemptResult) => void) | undefined;
  private nextId = 0;
  dead = false;
  /** When its last call ended (for the idle reaper). */
  idleSince = 0;

  constructor() {
    this.worker.unref();
    this.worker.on('message', (answer: WorkerAnswer) => this.settle({ answer }));
    this.worker.on('error', (err) => this.die(err.message));
    this.worker.on('exit', (code) => this.die(`the function exited (code ${code}) without answering`));
  }

  private settle(r: AttemptResult): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.(r);
  }

  private die(reason: string): void {
    this.dead = true;
    this.settle({ crashed: reason });
  }

  run(file: string, version: number, name: string, event: Record<string, unknown>, timeoutMs: number): Promise<AttemptResult> {
    return new Promise((resolve) => {
      const id = ++this.nextId;
      const timer = setTimeout(() => {
        this.pending = undefined;
        this.stop();
        resolve({ timedOut: true });
      }, timeoutMs);
      this.pending = (r) => {
        clearTimeout(timer);
        if ('answer' in r && r.answer.id !== id) return resolve({ crashed: 'the function answered another invocation' });
        resolve(r);
      };
      this.worker.postMessage({ id, file, version, event, name, deadline: Date.now() + timeoutMs });
    });
  }

  stop(): void {
    this.dead = true;
    void this.worker.terminate();
  }
}

export class LocalFunctions implements FunctionInvoker {
  private readonly idle: FunctionWorker[] = [];
  private reaper: NodeJS.Timeout | undefined;

  constructor(
    readonly dir: string | undefined,
    private readonly timeoutMs = ATTEMPT_TIMEOUT_MS,
  ) {}

  /** Whether the folder has the function's module. */
  has(arn: string): boolean {
    const name = functionNameOf(arn);
    return name !== undefined && this.dir !== undefined && moduleFileOf(this.dir, name) !== undefined;
  }

  /** One attempt on a warm worker (a new one when none is idle); the worker goes back unless it failed. */
  private async attempt(file: string, name: string, event: Record<string, unknown>): Promise<AttemptResult> {
    let worker = this.idle.pop();
    // A worker can die while idle (a handler's timer that throws after it answered): skip it.
    while (worker?.dead) worker = this.idle.pop();
    worker ??= new FunctionWorker();
    const r = await worker.run(file, statSync(file).mtimeMs, name, event, this.timeoutMs);
    if (worker.dead || !('answer' in r)) worker.stop();
    else if (this.idle.length < MAX_IDLE_WORKERS) this.keep(worker);
    else worker.stop();
    return r;
  }

  private keep(worker: FunctionWorker): void {
    worker.idleSince = Date.now();
    this.idle.push(worker);
    this.reaper ??= setInterval(() => this.reap(), IDLE_LIFETIME_MS / 2).unref();
  }

  /** Ends workers idle for longer than IDLE_LIFETIME_MS (the most recently used are at the end). */
  private reap(): void {
    const cutoff = Date.now() - IDLE_LIFETIME_MS;
    while (this.idle.length > 0 && this.idle[0]!.idleSince < cutoff) this.idle.shift()!.stop();
    if (this.idle.length === 0) {
      clearInterval(this.reaper);
      this.reaper = undefined;
    }
  }

  async invoke(arn: string, event: Record<string, unknown>): Promise<unknown> {
    const name = functionNameOf(arn);
    if (name === undefined) throw new FunctionError('unavailable', `${arn} is not a Lambda function ARN`, 'InvalidParameterValueException');
    const file = this.dir !== undefined ? moduleFileOf(this.dir, name) : undefined;
    if (file === undefined) {
      const where = this.dir !== undefined ? `no ${name}.mjs, ${name}.js or ${name}/index.(m)js in ${resolve(this.dir)}` : 'no functions folder is configured';
      throw new FunctionError('unavailable', `function ${name} (${arn}) not found: ${where} (USERPOOL_LAMBDA_DIR / --lambda-dir), and no USERPOOL_LAMBDA_ENDPOINT to invoke it at`, 'ResourceNotFoundException');
    }
    let last = '';
    for (let i = 1; i <= ATTEMPTS; i++) {
      const r = await this.attempt(file, name, event);
      if ('answer' in r) {
        if (r.answer.ok) return r.answer.value;
        throw new FunctionError(r.answer.kind ?? 'handler', r.answer.message ?? 'error', r.answer.reason);
      }
      last = 'timedOut' in r ? `Task timed out after ${(this.timeoutMs / 1000).toFixed(2)} seconds` : r.crashed;
    }
    throw new FunctionError('unavailable', `${last} (${ATTEMPTS} attempts)`, 'TimeoutException');
  }

  /** Ends the idle workers (server shutdown). */
  close(): void {
    clearInterval(this.reaper);
    this.reaper = undefined;
    for (const worker of this.idle.splice(0)) worker.stop();
  }
}
