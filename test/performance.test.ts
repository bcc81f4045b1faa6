// Correctness of the performance measures (issue 6): caches must never serve a pool or user that
// another node has changed since, and the fast paths must answer exactly what the slow ones did.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolCommand,
  ListUsersCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadConfig } from '../src/config/config.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { createClient, createPool, outbox } from './helpers/auth.ts';
import { createPostgresSchema, databases, freePort, rawCall, withServer, type DbKind } from './helpers/server.ts';
import { rejectsWith } from './helpers/errors.ts';
import { SRP_N, bytesToBigInt, unknowableVerifier } from '../src/domain/passwords/srp.ts';
import { readPasswordVerifier } from '../src/domain/users/password.ts';

interface Node {
  server: RunningServer;
  client: CognitoIdentityProviderClient;
}

/** Two servers ("nodes") on one database: an SQLite file, or one PostgreSQL schema. */
async function twoNodes(kind: DbKind): Promise<{ a: Node; b: Node; close(): Promise<void> }> {
  let databaseUrl: string;
  let cleanup: () => Promise<void>;
  if (kind === 'postgres') {
    databaseUrl = await createPostgresSchema();
    cleanup = async () => {};
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'userpool-perf-'));
    databaseUrl = `sqlite:${join(dir, 'db.sqlite')}`;
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const masterKey = randomBytes(32).toString('hex');
  const start = async (): Promise<Node> => {
    const server = await startServer(loadConfig({}, { port: 0, host: '127.0.0.1', databaseUrl, masterKey, logLevel: process.env['USERPOOL_TEST_LOG'] ?? 'silent' }));
    const client = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: server.url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' }, maxAttempts: 1 });
    return { server, client };
  };
  const a = await start();
  const b = await start();
  return {
    a,
    b,
    close: async () => {
      for (const n of [a, b]) {
        n.client.destroy();
        await n.server.close();
      }
      await cleanup();
    },
  };
}

for (const kind of await databases()) {
  describe(`performance caches stay correct across nodes (${kind})`, () => {
    let nodes: Awaited<ReturnType<typeof twoNodes>>;
    before(async () => {
      nodes = await twoNodes(kind);
    });
    after(async () => {
      await nodes.close();
    });

    it('a pool changed on another node is seen at once (no stale cached pool)', async () => {
      const { a, b } = nodes;
      const id = (await a.client.send(new CreateUserPoolCommand({ PoolName: 'shared', Policies: { PasswordPolicy: { MinimumLength: 8 } } }))).UserPool!.Id!;
      // Node A reads (and caches) the pool.
      assert.equal((await a.client.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!.Policies!.PasswordPolicy!.MinimumLength, 8);
      await a.client.send(new AdminCreateUserCommand({ UserPoolId: id, Username: 'first', TemporaryPassword: 'Abcdefg1!', MessageAction: 'SUPPRESS' }));
      // Node B changes it; node A's very next request sees the change.
      await b.client.send(new UpdateUserPoolCommand({ UserPoolId: id, Policies: { PasswordPolicy: { MinimumLength: 12 } } }));
      assert.equal((await a.client.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!.Policies!.PasswordPolicy!.MinimumLength, 12);
      await rejectsWith(
        a.client.send(new AdminCreateUserCommand({ UserPoolId: id, Username: 'second', TemporaryPassword: 'Abcdefg1!', MessageAction: 'SUPPRESS' })),
        'InvalidPasswordException',
      );
      // Many changes in a row, alternating nodes: each read sees the latest.
      for (let len = 13; len <= 18; len++) {
        const [writer, reader] = len % 2 === 0 ? [a, b] : [b, a];
        await writer.client.send(new UpdateUserPoolCommand({ UserPoolId: id, Policies: { PasswordPolicy: { MinimumLength: len } } }));
        assert.equal((await reader.client.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!.Policies!.PasswordPolicy!.MinimumLength, len);
      }
    });

    it('a pool deleted on another node is gone at once', async () => {
      const { a, b } = nodes;
      const id = (await a.client.send(new CreateUserPoolCommand({ PoolName: 'doomed' }))).UserPool!.Id!;
      await a.client.send(new DescribeUserPoolCommand({ UserPoolId: id }));
      await b.client.send(new DeleteUserPoolCommand({ UserPoolId: id }));
      await rejectsWith(a.client.send(new DescribeUserPoolCommand({ UserPoolId: id })), 'ResourceNotFoundException', `User pool ${id} does not exist.`);
    });

    it('a user changed on another node is seen at once', async () => {
      const { a, b } = nodes;
      const id = (await a.client.send(new CreateUserPoolCommand({ PoolName: 'users' }))).UserPool!.Id!;
      await a.client.send(new AdminCreateUserCommand({ UserPoolId: id, Username: 'u', UserAttributes: [{ Name: 'given_name', Value: 'one' }], MessageAction: 'SUPPRESS' }));
      const given = async (n: Node): Promise<string | undefined> => (await n.client.send(new AdminGetUserCommand({ UserPoolId: id, Username: 'u' }))).UserAttributes!.find((x) => x.Name === 'given_name')?.Value;
      assert.equal(await given(a), 'one');
      await b.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: id, Username: 'u', UserAttributes: [{ Name: 'given_name', Value: 'two' }] }));
      assert.equal(await given(a), 'two');
    });
  });
}

/** base^e mod m in plain BigInt (test oracle). */
function powMod(base: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  let b = base % m;
  for (let x = e; x > 0n; x >>= 1n) {
    if (x & 1n) r = (r * b) % m;
    b = (b * b) % m;
  }
  return r;
}

describe('unknowableVerifier', () => {
  it('is a quadratic residue mod N (the subgroup g = 2 generates), fresh each time, 384 bytes', () => {
    const a = unknowableVerifier();
    const b = unknowableVerifier();
    assert.equal(a.verifier.length, 384);
    assert.equal(a.salt.length, 16);
    assert.notDeepEqual(a.verifier, b.verifier);
    for (const v of [a, b]) {
      const n = bytesToBigInt(v.verifier);
      assert.ok(n > 1n && n < SRP_N);
      assert.equal(powMod(n, (SRP_N - 1n) / 2n, SRP_N), 1n);
    }
    // g = 2 is itself a residue: the verifiers of real passwords live in the same subgroup.
    assert.equal(powMod(2n, (SRP_N - 1n) / 2n, SRP_N), 1n);
  });
});

for (const kind of await databases()) {
  describe(`AdminCreateUser with an undelivered generated password (${kind})`, () => {
    const s = withServer(kind);

    it('SUPPRESS without TemporaryPassword: the user has a sealed verifier, nobody can sign in until a password is set', async () => {
      const poolId = await createPool(s);
      const { clientId } = await createClient(s, poolId);
      const created = await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'quiet', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'quiet@example.com' }] }));
      assert.equal(created.User!.UserStatus, 'FORCE_CHANGE_PASSWORD');
      assert.deepEqual(await outbox(s, poolId, 'quiet'), []);
      const pool = (await s.deps.store.pools.findPool(poolId))!;
      const user = (await s.deps.store.users.findUserByUsernameKey(poolId, 'quiet'))!;
      assert.ok(user.tempPasswordExpiresAt !== null);
      const stored = readPasswordVerifier(user, pool, s.deps.masterKey)!;
      assert.equal(stored.verifier.length, 384);
      assert.equal(stored.salt.length, 16);
      for (const password of ['Passw0rd!', 'quiet', 'x']) {
        await rejectsWith(
          s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'quiet', PASSWORD: password } })),
          'NotAuthorizedException', 'Incorrect username or password.',
        );
      }
      await s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'quiet', Password: 'Perm-Passw0rd!', Permanent: true }));
      const signedIn = await s.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'quiet', PASSWORD: 'Perm-Passw0rd!' } }));
      assert.ok(signedIn.AuthenticationResult?.AccessToken);
    });

    it('a delivered or given temporary password still works (NEW_PASSWORD_REQUIRED)', async () => {
      const poolId = await createPool(s);
      const { clientId } = await createClient(s, poolId);
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'given', MessageAction: 'SUPPRESS', TemporaryPassword: 'Temp-Passw0rd!' }));
      const given = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'given', PASSWORD: 'Temp-Passw0rd!' } }));
      assert.equal(given.ChallengeName, 'NEW_PASSWORD_REQUIRED');
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'invited', DesiredDeliveryMediums: ['EMAIL'], UserAttributes: [{ Name: 'email', Value: 'invited@example.com' }] }));
      const [invitation] = await outbox(s, poolId, 'invited');
      assert.ok(invitation?.code);
      const invited = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'invited', PASSWORD: invitation.code } }));
      assert.equal(invited.ChallengeName, 'NEW_PASSWORD_REQUIRED');
    });
  });
}

// ---- npm start -- --workers N (node:cluster) ----

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** CPU ticks (utime + stime) of a process. */
function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}

/** The node processes whose parent is `pid`. */
function nodeChildren(pid: number): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === 'node' && Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(e));
    } catch {
      // gone
    }
  }
  return out;
}

/** `node --import tsx src/main.ts …args` with env; resolves once /health answers. */
async function startMain(args: string[], env: Record<string, string>): Promise<{ url: string; pid: number; stop(): Promise<number | null>; output(): string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: REPO, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((res) => child.once('exit', (code) => res(code)));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`);
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {
      // not yet
    }
    if (i > 300) throw new Error(`server did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
    output: () => output,
  };
}

for (const kind of await databases()) {
  describe(`npm start -- --workers 2 (${kind})`, () => {
    let dir: string;
    let databaseUrl: string;
    const masterKey = randomBytes(32).toString('hex');
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'userpool-cluster-'));
      databaseUrl = kind === 'postgres' ? await createPostgresSchema() : `sqlite:${join(dir, 'db.sqlite')}`;
    });
    after(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('starts two workers that both serve, shuts down cleanly on SIGTERM, and keeps every acknowledged write', { timeout: 120_000 }, async () => {
      const env = { DATABASE_URL: databaseUrl, USERPOOL_DATA_DIR: join(dir, 'data'), USERPOOL_MASTER_KEY: masterKey };
      const server = await startMain(['--workers', '2'], env);
      const workers = nodeChildren(server.pid);
      assert.equal(workers.length, 2, `two worker processes under the primary: ${server.output()}`);
      const cpu0 = workers.map(cpuTicks);
      const created = await rawCall(server.url, 'CreateUserPool', { PoolName: 'cluster' });
      const poolId = String((created.json['UserPool'] as { Id: string }).Id);
      // Many connections at once, so the primary hands them to both workers.
      const n = 300;
      await Promise.all(
        Array.from({ length: 30 }, async (_, c) => {
          for (let i = c; i < n; i += 30) {
            const r = await rawCall(server.url, 'AdminCreateUser', { UserPoolId: poolId, Username: `u${i}`, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: `u${i}@example.com` }] });
            assert.equal(r.status, 200, JSON.stringify(r.json));
            const g = await rawCall(server.url, 'AdminGetUser', { UserPoolId: poolId, Username: `u${i}` });
            assert.equal(g.status, 200, JSON.stringify(g.json));
          }
        }),
      );
      const cpu1 = workers.map(cpuTicks);
      for (let i = 0; i < workers.length; i++) assert.ok(cpu1[i]! > cpu0[i]!, `worker ${workers[i]} served nothing`);
      assert.equal(await server.stop(), 0, server.output());
      for (const w of workers) assert.throws(() => readFileSync(`/proc/${w}/stat`), 'the workers exited too');

      // One process on the same database: every acknowledged user is there.
      const single = await startMain([], env);
      try {
        const client = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: single.url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' }, maxAttempts: 1 });
        let count = 0;
        let token: string | undefined;
        do {
          const page = await client.send(new ListUsersCommand({ UserPoolId: poolId, ...(token ? { PaginationToken: token } : {}) }));
          count += page.Users!.length;
          token = page.PaginationToken;
        } while (token);
        assert.equal(count, n);
        client.destroy();
      } finally {
        assert.equal(await single.stop(), 0);
      }
    });
  });
}

describe('npm start -- --workers: refusals', () => {
  it('refuses workers on an in-memory database, and a malformed count', () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: REPO, env: { ...process.env, PORT: '0', DATABASE_URL: 'sqlite::memory:', USERPOOL_MASTER_KEY: '00'.repeat(32) }, encoding: 'utf8', timeout: 60_000 });
    const mem = run(['--workers', '2']);
    assert.notEqual(mem.status, 0);
    assert.match(mem.stderr, /--workers needs a database the workers share/);
    const bad = run(['--workers', 'many']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /--workers \(USERPOOL_WORKERS\) must be a whole number/);
  });
});
