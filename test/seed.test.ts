/**
 * Seed files (src/seed/): examples/seed.json applied at start — fixed pool id, fixed client ids and
 * secret, users who sign in, groups, a resource server and a domain — through the real SDK and the
 * OAuth token endpoint; applying again changes nothing and keeps what the API changed; a reset
 * restores the seed; an invalid entry stops the start naming its path with AWS's message
 * (SQLite + PostgreSQL). `userpool serve --seed` prints one summary line per pool.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  AdminUpdateUserAttributesCommand,
  DeleteGroupCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  DescribeUserPoolDomainCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUsersCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadSeedFile, parseSeed } from '../src/seed/seed-file.ts';
import { applySeed } from '../src/seed/apply.ts';
import { rejectsWith } from './helpers/errors.ts';
import { databases, freePort, startTestServer } from './helpers/server.ts';

const ROOT = join(import.meta.dirname, '..');
const EXAMPLE = join(ROOT, 'examples', 'seed.json');
const POOL = 'us-east-1_Example1';
const WEB = 'examplewebclient0000000001';
const BACKEND = 'examplebackend000000000001';
const BACKEND_SECRET = 'examplebackendsecret0123456789abcdefchangeme';

const seedOf = (pool: Record<string, unknown>) => parseSeed({ UserPools: [{ Id: 'us-east-1_Seeded01', PoolName: 'p', ...pool }] }, 'test');

for (const kind of await databases()) {
  describe(`seed files (${kind})`, () => {
    it('examples/seed.json: fixed ids and secret, users who sign in, groups, resource server, domain, client_credentials', async () => {
      const s = await startTestServer(kind, {}, { seed: loadSeedFile(EXAMPLE) });
      try {
        assert.deepEqual(
          s.seedSummary.map((x) => x.line),
          [`${POOL} (example): pool created; 2 clients (2 new), 2 users (2 new), 2 groups (2 new), 1 resource server (1 new), domain example-app (new)`],
        );
        const pool = (await s.client.send(new DescribeUserPoolCommand({ UserPoolId: POOL }))).UserPool!;
        assert.deepEqual(pool.UsernameAttributes, ['email']);
        assert.equal(pool.Domain, 'example-app');
        const backend = (await s.client.send(new DescribeUserPoolClientCommand({ UserPoolId: POOL, ClientId: BACKEND }))).UserPoolClient!;
        assert.equal(backend.ClientSecret, BACKEND_SECRET);
        const auth = await s.client.send(new InitiateAuthCommand({ ClientId: WEB, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice@example.com', PASSWORD: 'Passw0rd!' } }));
        const idToken = JSON.parse(Buffer.from(auth.AuthenticationResult!.IdToken!.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
        assert.deepEqual(idToken['cognito:groups'], ['admins']);
        assert.equal(idToken['name'], 'Alice');
        const bob = await s.client.send(new InitiateAuthCommand({ ClientId: WEB, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'bob@example.com', PASSWORD: 'Temp-Passw0rd!' } }));
        assert.equal(bob.ChallengeName, 'NEW_PASSWORD_REQUIRED', 'a TemporaryPassword user must choose a password');
        const groups = await s.client.send(new AdminListGroupsForUserCommand({ UserPoolId: POOL, Username: 'bob@example.com' }));
        assert.deepEqual(groups.Groups?.map((g) => g.GroupName), ['customers']);
        await s.client.send(new DescribeResourceServerCommand({ UserPoolId: POOL, Identifier: 'https://api.example.com' }));
        assert.equal((await s.client.send(new DescribeUserPoolDomainCommand({ Domain: 'example-app' }))).DomainDescription?.UserPoolId, POOL);
        assert.equal((await s.client.send(new ListUsersCommand({ UserPoolId: POOL }))).Users?.length, 2);

        const token = await fetch(`${s.url}/${POOL}/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${BACKEND}:${BACKEND_SECRET}`).toString('base64')}` },
          body: 'grant_type=client_credentials&scope=https%3A%2F%2Fapi.example.com%2Forders.read',
        });
        assert.equal(token.status, 200);
        const access = (await token.json()) as { access_token: string };
        const claims = JSON.parse(Buffer.from(access.access_token.split('.')[1]!, 'base64url').toString()) as Record<string, unknown>;
        assert.equal(claims['scope'], 'https://api.example.com/orders.read');
        assert.equal(claims['client_id'], BACKEND);
      } finally {
        await s.close();
      }
    });

    it('applying again creates only what is missing and keeps what the API changed; reset restores the seed', async () => {
      const seed = loadSeedFile(EXAMPLE);
      const s = await startTestServer(kind, {}, { seed });
      try {
        await s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: POOL, Username: 'alice@example.com', UserAttributes: [{ Name: 'name', Value: 'Alice Changed' }] }));
        await s.client.send(new DeleteGroupCommand({ UserPoolId: POOL, GroupName: 'customers' }));
        await s.client.send(new AdminCreateUserCommand({ UserPoolId: POOL, Username: 'carol@example.com', MessageAction: 'SUPPRESS' }));
        const again = await applySeed(s.deps, seed);
        assert.deepEqual(again.map((x) => x.line), [`${POOL} (example): pool existed; 2 clients (0 new), 2 users (0 new), 2 groups (1 new), 1 resource server (0 new), domain example-app`]);
        const alice = await s.client.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: 'alice@example.com' }));
        assert.equal(alice.UserAttributes?.find((a) => a.Name === 'name')?.Value, 'Alice Changed', 'left alone');
        assert.deepEqual((await s.client.send(new ListGroupsCommand({ UserPoolId: POOL }))).Groups?.map((g) => g.GroupName).sort(), ['admins', 'customers']);
        assert.equal((await s.client.send(new ListUserPoolClientsCommand({ UserPoolId: POOL, MaxResults: 10 }))).UserPoolClients?.length, 2, 'no duplicate clients');

        const res = await fetch(`${s.url}/_userpool/reset`, { method: 'POST' });
        assert.equal(res.status, 200);
        const body = (await res.json()) as { deletedUserPoolIds: string[]; seeded: string[] };
        assert.deepEqual(body.deletedUserPoolIds, [POOL]);
        assert.match(body.seeded[0]!, /pool created/);
        assert.equal((await s.client.send(new ListUsersCommand({ UserPoolId: POOL }))).Users?.length, 2, 'carol is gone, the seeded users are back');
        const restored = await s.client.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: 'alice@example.com' }));
        assert.equal(restored.UserAttributes?.find((a) => a.Name === 'name')?.Value, 'Alice');

        const one = await s.reset(POOL);
        assert.deepEqual(one.deletedUserPoolIds, [POOL]);
        assert.equal(one.seeded.length, 1, "one pool's reset re-applies that pool's entry");
      } finally {
        await s.close();
      }
    });

    it('an entry the API would refuse stops the start with its path and the error, and nothing listens', async () => {
      const weak = parseSeed({ UserPools: [{ Id: 'us-east-1_Weak00001', PoolName: 'weak', Users: [{ Username: 'u', Password: 'short1A!' }], Policies: { PasswordPolicy: { MinimumLength: 12 } } }] }, 'weak.json');
      await assert.rejects(startTestServer(kind, {}, { seed: weak }), (err: Error) => {
        assert.match(err.message, /^seed weak\.json: UserPools\[0\]\.Users\[0\]: InvalidPasswordException: Password did not conform with policy: Password not long enough$/);
        return true;
      });
      const taken = parseSeed({ UserPools: [{ Id: 'us-east-1_Taken0001', PoolName: 'a', Clients: [{ ClientName: 'c', ClientId: 'sharedclientid' }] }, { Id: 'us-east-1_Taken0002', PoolName: 'b', Clients: [{ ClientName: 'c', ClientId: 'sharedclientid' }] }] }, 'taken.json');
      await assert.rejects(startTestServer(kind, {}, { seed: taken }), /UserPools\[1\]\.Clients\[0\]\.ClientId: client sharedclientid already belongs to pool us-east-1_Taken0001/);
    });
  });
}

describe('seed file checks (before anything is written)', () => {
  it("names the entry's path and gives AWS's validation message", () => {
    assert.throws(() => seedOf({ Clients: [{ ClientName: 'ok' }, { ClientName: 'x'.repeat(200) }] }), {
      message: `seed test: UserPools[0].Clients[1]: 1 validation error detected: Value '${'x'.repeat(200)}' at 'clientName' failed to satisfy constraint: Member must have length less than or equal to 128`,
    });
    assert.throws(() => parseSeed({ UserPools: [{ Id: 'not a pool id', PoolName: 'p' }] }, 'test'), /^Error: seed test: UserPools\[0\]\.Id: 1 validation error detected: Value 'not a pool id' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: /);
    assert.throws(() => parseSeed({ UserPools: [{ PoolName: 'p' }] }, 'test'), /UserPools\[0\]: "Id" \(the pool's fixed id, e\.g\. "us-east-1_Example1"\) is required/);
  });

  it('refuses members no input has, at any depth, and groups the pool does not declare', () => {
    assert.throws(() => seedOf({ MfaConfig: 'OFF' }), /UserPools\[0\]: unknown member "MfaConfig" \(CreateUserPool input, or Id, Domain, ResourceServers, Groups, Clients, Users\)/);
    assert.throws(() => seedOf({ Policies: { PasswordPolicy: { MinLength: 8 } } }), /UserPools\[0\]: unknown member "Policies\.PasswordPolicy\.MinLength" \(CreateUserPool input\)/);
    assert.throws(() => seedOf({ Users: [{ Username: 'u', Pasword: 'x' }] }), /UserPools\[0\]\.Users\[0\]: unknown member "Pasword"/);
    assert.throws(() => seedOf({ Users: [{ Username: 'u', Groups: ['nope'] }] }), /UserPools\[0\]\.Users\[0\]\.Groups\[0\]: group "nope" is not among the pool's Groups/);
    assert.throws(() => parseSeed({ Pools: [] }, 'test'), /unknown member "Pools" at the top level/);
    assert.throws(() => parseSeed({ UserPools: [{ Id: 'us-east-1_Twice0001', PoolName: 'a' }, { Id: 'us-east-1_Twice0001', PoolName: 'b' }] }, 'test'), /UserPools\[1\]\.Id: pool us-east-1_Twice0001 is declared twice/);
  });
});

describe('userpool serve --seed', () => {
  const serveOnce = (args: string[]): Promise<{ code: number | null; out: string }> =>
    new Promise((resolve) => {
      const { NODE_TEST_CONTEXT: _c, USERPOOL_SEED: _s, DATABASE_URL: _d, ...env } = process.env;
      const child = spawn(process.execPath, [join(ROOT, 'bin', 'userpool.mjs'), 'serve', '--db', 'sqlite::memory:', ...args], { env: { ...env, USERPOOL_MASTER_KEY: '11'.repeat(32) }, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      const onData = (d: Buffer): void => {
        out += d.toString();
        if (out.includes('userpool listening')) child.kill('SIGTERM');
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('close', (code) => resolve({ code, out }));
    });

  it('prints one line per seeded pool; a bad seed is one sentence and exit 1', async () => {
    const port = await freePort();
    const ok = await serveOnce(['--port', String(port), '--seed', EXAMPLE, '--log', 'json']);
    assert.match(ok.out, /"msg":"seeded us-east-1_Example1 \(example\): pool created; 2 clients \(2 new\)/);
    const bad = await serveOnce(['--port', String(port), '--seed', join(ROOT, 'package.json'), '--log', 'json']);
    assert.equal(bad.code, 1);
    assert.equal(bad.out, `userpool: seed ${join(ROOT, 'package.json')}: unknown member "name" at the top level (expected "UserPools")\n`);
  });
});
