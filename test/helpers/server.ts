import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { startServer, type RunningServer, type StartOptions } from '../../src/server.ts';

export type DbKind = 'sqlite' | 'postgres';

/** This run's id (base-36 start time, set by scripts/run-tests.mjs): names its PostgreSQL schemas. */
const TEST_RUN = /^[0-9a-z]+$/.test(process.env['USERPOOL_TEST_RUN'] ?? '') ? process.env['USERPOOL_TEST_RUN']! : Date.now().toString(36);

export const PG_URL = process.env['USERPOOL_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

let pgReachable: Promise<boolean> | undefined;
/** Whether the test PostgreSQL answers; the suite skips PostgreSQL runs loudly when it does not. */
export function postgresAvailable(): Promise<boolean> {
  pgReachable ??= (async () => {
    // A loaded machine can be slow to accept a connection: three tries before giving up.
    for (let attempt = 1; attempt <= 3; attempt++) {
      const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 5000 });
      try {
        await c.connect();
        await c.end();
        return true;
      } catch {
        await c.end().catch(() => {});
      }
    }
    // In CI the PostgreSQL runs are part of the suite: a missing server fails it instead of skipping.
    if (process.env['CI'] === 'true') throw new Error(`PostgreSQL not reachable at ${PG_URL}: CI=true needs it (the storage suites run on SQLite and PostgreSQL)`);
    console.warn(`\n!!! PostgreSQL not reachable at ${PG_URL}: PostgreSQL test runs are SKIPPED !!!\n`);
    return false;
  })();
  return pgReachable;
}

/** Databases to run storage-backed suites on: SQLite always, PostgreSQL when reachable. */
export async function databases(): Promise<DbKind[]> {
  return (await postgresAvailable()) ? ['sqlite', 'postgres'] : ['sqlite'];
}

/**
 * A fresh PostgreSQL schema of the test database, as a DATABASE_URL (search_path). Schemas are
 * dropped by scripts/run-tests.mjs before and after the run; servers of other runs starting
 * meanwhile are not disturbed (src/storage/sql/own-schema-postgres.ts, test/postgres-schema-churn).
 */
export async function createPostgresSchema(): Promise<string> {
  const schema = `t_${TEST_RUN}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  return `${PG_URL}?options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

export interface TestServer extends RunningServer {
  client: CognitoIdentityProviderClient;
  kind: DbKind;
}

/** The real server on a free port, on a fresh database (a new in-memory SQLite, or a new PostgreSQL schema). */
export async function startTestServer(kind: DbKind = 'sqlite', overrides: Partial<Config> = {}, options: StartOptions = {}): Promise<TestServer> {
  let databaseUrl = 'sqlite::memory:';
  if (kind === 'postgres') {
    databaseUrl = await createPostgresSchema();
  }
  const config = loadConfig({}, {
    port: 0,
    host: '127.0.0.1',
    databaseUrl,
    masterKey: randomBytes(32).toString('hex'),
    logLevel: process.env['USERPOOL_TEST_LOG'] ?? 'silent',
    ...overrides,
  });
  const server = await startServer(config, options);
  const client = new CognitoIdentityProviderClient({
    region: 'us-east-1',
    endpoint: server.url,
    credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
    maxAttempts: 1,
  });
  return {
    ...server,
    client,
    kind,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
}

/**
 * Registers, in the calling describe, a before hook that starts a test server and an after hook
 * that closes it. The answer stands for that server from the before hook on (in tests and in hooks
 * registered after this call); `overrides` may be a function, called in the before hook, for
 * settings made there (a temporary directory, a mail server's URL).
 */
export function withServer(kind: DbKind = 'sqlite', overrides: Partial<Config> | (() => Partial<Config> | Promise<Partial<Config>>) = {}): TestServer {
  let server: TestServer | undefined;
  before(async () => {
    server = await startTestServer(kind, typeof overrides === 'function' ? await overrides() : overrides);
  });
  after(async () => {
    await server?.close();
  });
  const started = (): TestServer => server ?? assert.fail('withServer: the server starts in the before hook; use it in tests and later hooks');
  return new Proxy({} as TestServer, {
    get: (_, key) => Reflect.get(started(), key),
    set: (_, key, value) => Reflect.set(started(), key, value),
    has: (_, key) => Reflect.has(started(), key),
  });
}

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released for a server to bind). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr !== null ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

/** POSTs one JSON 1.1 call without the SDK: for raw protocol checks. */
export async function rawCall(url: string, operation: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}
