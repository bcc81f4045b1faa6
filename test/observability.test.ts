/**
 * What an operator watches: GET /metrics (Prometheus text, prom-client) with requests by operation
 * and outcome, latency histograms, sign-ins by flow and result, running import jobs and PostgreSQL's
 * pool figures; GET /ready (the database answers) beside /health (the process runs); and one log
 * line per request — JSON for machines, a short line on a terminal (`--log pretty`).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateUserImportJobCommand, InitiateAuthCommand, ListUserPoolsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createClient, createPool, createUser } from './helpers/auth.ts';
import { PG_URL, createPostgresSchema, databases, freePort, startTestServer, withServer } from './helpers/server.ts';

/** The value of one sample (`name{labels} value`) in Prometheus text, or undefined. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

async function scrape(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
  return res.text();
}

for (const kind of await databases()) {
  describe(`metrics and readiness (${kind})`, () => {
    const s = withServer(kind);

    it('counts requests by operation and outcome, with a latency histogram', async () => {
      await s.client.send(new ListUserPoolsCommand({ MaxResults: 10 }));
      await s.client.send(new ListUserPoolsCommand({ MaxResults: 10 }));
      await assert.rejects(s.client.send(new ListUserPoolsCommand({ MaxResults: 0 })), { name: 'InvalidParameterException' });
      const text = await scrape(s.url);
      assert.equal(sample(text, 'userpool_requests_total', { operation: 'ListUserPools', outcome: 'success' }), 2);
      assert.equal(sample(text, 'userpool_requests_total', { operation: 'ListUserPools', outcome: 'InvalidParameterException' }), 1);
      assert.equal(sample(text, 'userpool_request_duration_seconds_count', { operation: 'ListUserPools' }), 3);
      assert.equal(sample(text, 'userpool_request_duration_seconds_bucket', { operation: 'ListUserPools', le: '+Inf' }), 3);
      assert.ok((sample(text, 'process_resident_memory_bytes') ?? 0) > 0, 'process metrics are there');
    });

    it('counts sign-ins by flow and result', async () => {
      const poolId = await createPool(s);
      const { clientId } = await createClient(s, poolId);
      await createUser(s, poolId, 'metered', 'Passw0rd!x');
      const before = await scrape(s.url);
      const tokens = (): number => sample(before, 'userpool_sign_ins_total', { flow: 'USER_PASSWORD_AUTH', result: 'tokens' }) ?? 0;
      const refused = (): number => sample(before, 'userpool_sign_ins_total', { flow: 'USER_PASSWORD_AUTH', result: 'NotAuthorizedException' }) ?? 0;
      const [t0, r0] = [tokens(), refused()];
      await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'metered', PASSWORD: 'Passw0rd!x' } }));
      await assert.rejects(s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'metered', PASSWORD: 'wrong-Passw0rd' } })), { name: 'NotAuthorizedException' });
      const after = await scrape(s.url);
      assert.equal(sample(after, 'userpool_sign_ins_total', { flow: 'USER_PASSWORD_AUTH', result: 'tokens' }), t0 + 1);
      assert.equal(sample(after, 'userpool_sign_ins_total', { flow: 'USER_PASSWORD_AUTH', result: 'NotAuthorizedException' }), r0 + 1);
    });

    it('reports running import jobs', async () => {
      const poolId = await createPool(s);
      const before = sample(await scrape(s.url), 'userpool_import_jobs_active');
      await s.client.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'metrics', CloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/import' }));
      // A Created job is not running: the gauge counts Pending, InProgress and Stopping jobs.
      assert.equal(sample(await scrape(s.url), 'userpool_import_jobs_active'), before);
      assert.equal(before, 0);
    });

    it('shows PostgreSQL pool figures (and none for SQLite)', async () => {
      const text = await scrape(s.url);
      if (kind === 'postgres') {
        assert.ok((sample(text, 'userpool_db_pool_connections') ?? 0) >= 1);
        assert.equal(sample(text, 'userpool_db_pool_waiting_queries'), 0);
        assert.equal(sample(text, 'userpool_db_pool_max_connections'), 10);
      } else {
        assert.equal(sample(text, 'userpool_db_pool_connections'), undefined);
      }
    });

    it('labels malformed requests without echoing them (no label from the client)', async () => {
      await fetch(s.url, { method: 'POST', headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.NoSuchOperation', 'content-type': 'application/x-amz-json-1.1' }, body: '{}' });
      await fetch(`${s.url}/no/such/path-${Date.now()}`);
      const text = await scrape(s.url);
      assert.ok(!text.includes('NoSuchOperation'));
      assert.ok(!text.includes('path-'));
      assert.ok((sample(text, 'userpool_requests_total', { operation: 'unknown', outcome: 'UnknownOperationException' }) ?? 0) >= 1);
      assert.ok((sample(text, 'userpool_requests_total', { operation: 'unmatched', outcome: 'UnknownOperationException' }) ?? 0) >= 1);
    });

    it('/ready answers 200 when the database answers; /health stays liveness', async () => {
      const ready = await fetch(`${s.url}/ready`);
      assert.equal(ready.status, 200);
      assert.deepEqual(await ready.json(), { status: 'ready' });
      assert.equal((await fetch(`${s.url}/health`)).status, 200);
      // Probes answer whatever the Host (a load balancer or Prometheus uses an internal name).
      for (const path of ['/ready', '/metrics', '/health']) {
        const res = await fetch(`${s.url}${path}`, { headers: { host: 'userpool.internal.example' } });
        assert.equal(res.status, 200, path);
      }
    });
  });
}

describe('readiness when the database goes away (PostgreSQL through a proxy the test cuts)', async () => {
  if (!(await databases()).includes('postgres')) return;
  let proxy: Server;
  const sockets = new Set<Socket>();
  let server: Awaited<ReturnType<typeof startTestServer>>;
  before(async () => {
    const target = new URL(PG_URL);
    proxy = createServer((client) => {
      const upstream = connect(Number(target.port || 5432), target.hostname);
      for (const sock of [client, upstream]) {
        sockets.add(sock);
        sock.on('close', () => sockets.delete(sock));
        sock.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    const port = await freePort();
    await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
    const url = new URL(await createPostgresSchema());
    url.host = `127.0.0.1:${port}`;
    server = await startTestServer('postgres', { databaseUrl: url.toString() });
  });
  after(async () => {
    proxy.close();
    for (const sock of sockets) sock.destroy();
    await server.close().catch(() => {});
  });

  it('answers 503 naming the database while it is unreachable, and 200 again once it is back', async () => {
    assert.equal((await fetch(`${server.url}/ready`)).status, 200);
    const port = (proxy.address() as { port: number }).port;
    await new Promise<void>((resolve) => {
      proxy.close(() => resolve());
      for (const sock of sockets) sock.destroy();
    });
    const down = await fetch(`${server.url}/ready`);
    assert.equal(down.status, 503);
    const body = (await down.json()) as { status: string; message: string };
    assert.equal(body.status, 'unavailable');
    assert.match(body.message, /^database: /);
    assert.equal((await fetch(`${server.url}/health`)).status, 200, 'the process still lives');
    await new Promise<void>((resolve) => proxy.listen(port, '127.0.0.1', resolve));
    assert.equal((await fetch(`${server.url}/ready`)).status, 200);
  });
});

describe('request log lines (the compiled server, spawned)', () => {
  const BIN = join(import.meta.dirname, '..', 'bin', 'userpool.mjs');
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'userpool-log-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  /** Starts `userpool serve`, calls the API twice (once wrongly), stops it; returns its stdout. */
  async function run(log: 'pretty' | 'json'): Promise<string> {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^(USERPOOL_|DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$|NODE_TEST_CONTEXT$)/.test(k)) env[k] = v;
    // Port 0 and the URL the server prints (banner or JSON line): no race for a port picked in advance.
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', `sqlite:${join(dir, `${log}.db`)}`, '--data-dir', dir, '--log', log], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not start within 60 s: ${stdout}${stderr}`)), 60_000);
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /http:\/\/127\.0\.0\.1:(\d+)/.exec(stdout);
        if (m) {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${m[1]}`);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited (${code}): ${stdout}${stderr}`));
      });
    });
    const call = (body: unknown) => fetch(url, { method: 'POST', headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.ListUsers', 'content-type': 'application/x-amz-json-1.1' }, body: JSON.stringify(body) });
    assert.equal((await call({ UserPoolId: 'us-east-1_Missing01' })).status, 400);
    await fetch(`${url}/ready`);
    await fetch(`${url}/.well-known/nothing?code=secret-code`);
    const closed = new Promise((resolve) => child.on('close', resolve));
    child.kill('SIGTERM');
    await closed;
    return stdout;
  }

  it('--log json: one JSON line per request with operation, pool, status, error type and ms (probes not logged)', async () => {
    const lines = (await run('json')).split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => l['msg'] === 'request');
    const listUsers = requests.find((l) => l['what'] === 'ListUsers');
    assert.ok(listUsers, JSON.stringify(lines));
    assert.equal(listUsers['userPoolId'], 'us-east-1_Missing01');
    assert.equal(listUsers['status'], 400);
    assert.equal(listUsers['errorType'], 'ResourceNotFoundException');
    assert.equal(typeof listUsers['ms'], 'number');
    assert.ok(!requests.some((l) => l['what'] === 'GET /ready'));
    const other = requests.find((l) => String(l['what']).startsWith('GET /.well-known/'));
    assert.ok(other);
    assert.ok(!JSON.stringify(other).includes('secret-code'), 'the query is not logged');
  });

  it('--log pretty: the banner, then one short line per request', async () => {
    const out = await run('pretty');
    assert.match(out, /Userpool .* is listening/);
    assert.match(out, /^\d\d:\d\d:\d\d 400 ListUsers us-east-1_Missing01 ResourceNotFoundException \d+(\.\d)? ms$/m);
    assert.match(out, /^\d\d:\d\d:\d\d 404 GET \/\.well-known\/nothing UnknownOperationException \d+(\.\d)? ms$/m);
    assert.ok(!out.includes('/ready'));
    assert.ok(!out.includes('secret-code'));
  });
});
