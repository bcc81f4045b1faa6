// Correctness of the performance measures (issue 6): caches must never serve a pool or user that
// another node has changed since, and the fast paths must answer exactly what the slow ones did.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadConfig } from '../src/config/config.ts';
import { startServer, type RunningServer } from '../src/server.ts';
import { createClient, createPool, outbox } from './helpers/auth.ts';
import { createPostgresSchema, databases, startTestServer, type DbKind, type TestServer } from './helpers/server.ts';
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
      await assert.rejects(
        a.client.send(new AdminCreateUserCommand({ UserPoolId: id, Username: 'second', TemporaryPassword: 'Abcdefg1!', MessageAction: 'SUPPRESS' })),
        (e: Error) => e.name === 'InvalidPasswordException',
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
      await assert.rejects(a.client.send(new DescribeUserPoolCommand({ UserPoolId: id })), (e: Error) => e.name === 'ResourceNotFoundException' && e.message === `User pool ${id} does not exist.`);
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
    let s: TestServer;
    before(async () => {
      s = await startTestServer(kind);
    });
    after(async () => {
      await s.close();
    });

    it('SUPPRESS without TemporaryPassword: the user has a sealed verifier, nobody can sign in until a password is set', async () => {
      const poolId = await createPool(s);
      const { clientId } = await createClient(s, poolId);
      const created = await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'quiet', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'quiet@example.com' }] }));
      assert.equal(created.User!.UserStatus, 'FORCE_CHANGE_PASSWORD');
      assert.deepEqual(await outbox(s, poolId, 'quiet'), []);
      const pool = (await s.deps.store.findPool(poolId))!;
      const user = (await s.deps.store.findUserByUsernameKey(poolId, 'quiet'))!;
      assert.ok(user.tempPasswordExpiresAt !== null);
      const stored = readPasswordVerifier(user, pool, s.deps.masterKey)!;
      assert.equal(stored.verifier.length, 384);
      assert.equal(stored.salt.length, 16);
      for (const password of ['Passw0rd!', 'quiet', 'x']) {
        await assert.rejects(
          s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'quiet', PASSWORD: password } })),
          (e: Error) => e.name === 'NotAuthorizedException' && e.message === 'Incorrect username or password.',
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
