/**
 * Lambda functions through AWS Lambda's Invoke API (RequestResponse) at `USERPOOL_LAMBDA_ENDPOINT`:
 * LocalStack, serverless-offline, a test's own server, or AWS itself with real credentials. The
 * client (`@aws-sdk/client-lambda`) is loaded on the first call, so servers without an endpoint never
 * hold it. Credentials: the SDK's default chain; for an endpoint on this machine with no credentials
 * in the environment, dummy ones (local emulators accept any). As for local modules: 5 s per
 * attempt, three attempts for a call that gets no answer; a function error (`X-Amz-Function-Error`)
 * is the function's throw and is not retried.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';

type LambdaSdk = typeof import('@aws-sdk/client-lambda');
import { FunctionError, type FunctionInvoker } from '../../domain/triggers/ports.ts';
import { ATTEMPTS, ATTEMPT_TIMEOUT_MS } from './local-functions.ts';
import { localCredentials } from '../aws-endpoint.ts';


const regionOfArn = (arn: string, fallback: string): string => /^arn:aws[\w-]*:lambda:([\w-]+):/.exec(arn)?.[1] ?? fallback;

export class LambdaInvokeFunctions implements FunctionInvoker {
  readonly #clients = new Map<string, Promise<LambdaClient>>();
  #sdk: Promise<LambdaSdk> | undefined;

  constructor(
    readonly endpoint: string,
    private readonly region: string,
    private readonly timeoutMs = ATTEMPT_TIMEOUT_MS,
  ) {}

  #loadSdk(): Promise<LambdaSdk> {
    return (this.#sdk ??= import('@aws-sdk/client-lambda'));
  }

  #client(region: string): Promise<LambdaClient> {
    let client = this.#clients.get(region);
    if (client === undefined) {
      client = this.#loadSdk().then(
        ({ LambdaClient }) =>
          new LambdaClient({
            endpoint: this.endpoint,
            region,
            maxAttempts: 1,
            ...localCredentials(this.endpoint),
          }),
      );
      this.#clients.set(region, client);
    }
    return client;
  }

  async invoke(arn: string, event: Record<string, unknown>): Promise<unknown> {
    const client = await this.#client(regionOfArn(arn, this.region));
    const { InvokeCommand } = await this.#loadSdk();
    let last = '';
    for (let i = 1; i <= ATTEMPTS; i++) {
      const abort = new AbortController();
      const timer = setTimeout(() => abort.abort(), this.timeoutMs);
      try {
        const out = await client.send(new InvokeCommand({ FunctionName: arn, InvocationType: 'RequestResponse', Payload: Buffer.from(JSON.stringify(event)) }), { abortSignal: abort.signal });
        const text = out.Payload ? Buffer.from(out.Payload).toString('utf8') : '';
        let value: unknown = null;
        try {
          value = text === '' ? null : JSON.parse(text);
        } catch {
          value = text;
        }
        if (out.FunctionError) {
          const message = typeof value === 'object' && value !== null && typeof (value as { errorMessage?: unknown }).errorMessage === 'string' ? (value as { errorMessage: string }).errorMessage : text;
          throw new FunctionError('handler', message);
        }
        return value;
      } catch (err) {
        if (err instanceof FunctionError) throw err;
        const e = err as Error & { name?: string; $metadata?: { httpStatusCode?: number } };
        if (abort.signal.aborted) {
          last = `Task timed out after ${(this.timeoutMs / 1000).toFixed(2)} seconds`;
          continue;
        }
        // An answer from Lambda itself (no such function, access denied, bad request): not retried.
        if (e.$metadata?.httpStatusCode !== undefined && e.$metadata.httpStatusCode < 500) {
          throw new FunctionError('unavailable', `${e.message} (Lambda at ${this.endpoint})`, e.name ?? 'ServiceException');
        }
        last = `${e.name ?? 'Error'}: ${e.message} (Lambda at ${this.endpoint})`;
      } finally {
        clearTimeout(timer);
      }
    }
    throw new FunctionError('unavailable', `${last} (${ATTEMPTS} attempts)`, 'TimeoutException');
  }
}

/** Local modules first; a function the folder lacks goes to the Invoke endpoint when one is configured. */
export class FunctionSources implements FunctionInvoker {
  constructor(
    private readonly local: { has(arn: string): boolean; invoke(arn: string, event: Record<string, unknown>): Promise<unknown>; close(): void },
    private readonly remote: FunctionInvoker | undefined,
  ) {}

  invoke(arn: string, event: Record<string, unknown>): Promise<unknown> {
    return this.remote !== undefined && !this.local.has(arn) ? this.remote.invoke(arn, event) : this.local.invoke(arn, event);
  }

  close(): void {
    this.local.close();
  }
}
