/**
 * Lambda functions as local modules: `arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`
 * runs `<dir>/<name>.mjs`, `<dir>/<name>.js`, `<dir>/<name>/index.mjs` or `<dir>/<name>/index.js`
 * (USERPOOL_LAMBDA_DIR), exporting `handler(event, context)` — async, or the callback style.
 *
 * Each attempt runs in a worker thread of its own, so a handler that throws, hangs or exits cannot
 * stall or crash the server: after 5 s the worker is terminated. As on AWS ("it must respond within
 * 5 seconds. If it does not, Amazon Cognito retries the call. After three unsuccessful attempts, the
 * function times out.") an attempt that does not answer is retried, three attempts in all; a handler
 * that throws is not retried (its error is the answer). Workers see the server's environment
 * variables, as a function sees its configured environment. The module is loaded fresh each time,
 * so an edited handler takes effect on the next call.
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

// The worker's program (CommonJS, evaluated): import the module, call its handler, post the answer.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { pathToFileURL } = require('node:url');
(async () => {
  const { file, event, name, deadline } = workerData;
  let mod;
  try {
    mod = await import(pathToFileURL(file).href + '?t=' + Date.now());
  } catch (err) {
    parentPort.postMessage({ ok: false, kind: 'unavailable', reason: 'ImportModuleError', message: String(err && err.message || err) });
    return;
  }
  const handler = typeof mod.handler === 'function' ? mod.handler : mod.default && typeof mod.default.handler === 'function' ? mod.default.handler : undefined;
  if (handler === undefined) {
    parentPort.postMessage({ ok: false, kind: 'unavailable', reason: 'HandlerNotFound', message: file + ' exports no handler function' });
    return;
  }
  const context = {
    functionName: name, functionVersion: '$LATEST', awsRequestId: require('node:crypto').randomUUID(),
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
    parentPort.postMessage({ ok: true, value: JSON.parse(JSON.stringify(value === undefined ? null : value)) });
  } catch (err) {
    parentPort.postMessage({ ok: false, kind: 'handler', message: String(err && err.message !== undefined ? err.message : err) });
  }
})();
`;

interface WorkerAnswer {
  ok: boolean;
  value?: unknown;
  kind?: 'handler' | 'unavailable';
  reason?: string;
  message?: string;
}

/** One attempt: the answer, or a FunctionError (`retry` true when the attempt gave no answer at all). */
function attempt(file: string, name: string, event: Record<string, unknown>, timeoutMs: number): Promise<{ answer: WorkerAnswer } | { timedOut: true } | { crashed: string }> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, event, name, deadline: Date.now() + timeoutMs }, stdout: false, stderr: false });
    let settled = false;
    const finish = (r: { answer: WorkerAnswer } | { timedOut: true } | { crashed: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      resolve(r);
    };
    const timer = setTimeout(() => finish({ timedOut: true }), timeoutMs);
    worker.once('message', (answer: WorkerAnswer) => finish({ answer }));
    worker.once('error', (err) => finish({ crashed: err.message }));
    worker.once('exit', (code) => finish({ crashed: `the function exited (code ${code}) without answering` }));
  });
}

export class LocalFunctions implements FunctionInvoker {
  constructor(
    readonly dir: string | undefined,
    private readonly timeoutMs = ATTEMPT_TIMEOUT_MS,
  ) {}

  /** Whether the folder has the function's module. */
  has(arn: string): boolean {
    const name = functionNameOf(arn);
    return name !== undefined && this.dir !== undefined && moduleFileOf(this.dir, name) !== undefined;
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
      const r = await attempt(file, name, event, this.timeoutMs);
      if ('answer' in r) {
        if (r.answer.ok) return r.answer.value;
        throw new FunctionError(r.answer.kind ?? 'handler', r.answer.message ?? 'error', r.answer.reason);
      }
      last = 'timedOut' in r ? `Task timed out after ${(this.timeoutMs / 1000).toFixed(2)} seconds` : r.crashed;
    }
    throw new FunctionError('unavailable', `${last} (${ATTEMPTS} attempts)`, 'TimeoutException');
  }
}
