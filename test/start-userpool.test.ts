/**
 * The in-process API (`import { startUserpool } from 'userpool'`) as a test suite uses it, through the
 * real SDK: two servers in one process share nothing, a sign-up is confirmed with `lastCode`,
 * `messages` lists what was sent, `reset` empties a server, `stop` frees the port, and an in-memory
 * server writes no file.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  ListUserPoolsCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { startUserpool, type Userpool } from '../src/index.ts';

const sdk = (up: Userpool): CognitoIdentityProviderClient =>
  new CognitoIdentityProviderClient({ region: up.region, endpoint: up.url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 });

const canBind = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });

describe('startUserpool (in-process API)', () => {
  it('signs up, reads the code with lastCode, confirms and signs in; messages lists the code', async () => {
    const up = await startUserpool();
    const cognito = sdk(up);
    try {
      assert.match(up.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(up.region, 'us-east-1');
      const { UserPool } = await cognito.send(new CreateUserPoolCommand({ PoolName: 'app', UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] }));
      const userPoolId = UserPool!.Id!;
      const { UserPoolClient } = await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: userPoolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
      const ClientId = UserPoolClient!.ClientId!;
      await cognito.send(new SignUpCommand({ ClientId, Username: 'ada@example.com', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'ada@example.com' }] }));
      const code = await up.lastCode({ userPoolId, username: 'ada@example.com' });
      assert.match(code ?? '', /^\d{6}$/);
      const sent = await up.messages({ userPoolId, username: 'ada@example.com' });
      assert.equal(sent.length, 1);
      assert.equal(sent[0]!.code, code);
      assert.equal(sent[0]!.kind, 'SIGN_UP');
      assert.ok(sent[0]!.createdAt instanceof Date);
      await cognito.send(new ConfirmSignUpCommand({ ClientId, Username: 'ada@example.com', ConfirmationCode: code! }));
      const auth = await cognito.send(new InitiateAuthCommand({ ClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'ada@example.com', PASSWORD: 'Passw0rd!' } }));
      assert.ok(auth.AuthenticationResult?.IdToken);
      assert.equal(await up.lastCode({ userPoolId, username: 'nobody@example.com' }), undefined);
      await assert.rejects(up.lastCode({ userPoolId: 'us-east-1_nope12345', username: 'x' }), /User pool us-east-1_nope12345 does not exist/);
    } finally {
      cognito.destroy();
      await up.stop();
    }
  });

  it('two servers in one process share nothing; reset empties one; stop frees its port', async () => {
    const a = await startUserpool({ region: 'eu-west-1' });
    const b = await startUserpool({ fixedCode: '123456' });
    const ca = sdk(a);
    const cb = sdk(b);
    try {
      assert.notEqual(a.port, b.port);
      const inA = (await ca.send(new CreateUserPoolCommand({ PoolName: 'only-in-a' }))).UserPool!.Id!;
      assert.match(inA, /^eu-west-1_/);
      assert.deepEqual((await cb.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools, []);
      const inB = (await cb.send(new CreateUserPoolCommand({ PoolName: 'in-b', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
      const ClientId = (await cb.send(new CreateUserPoolClientCommand({ UserPoolId: inB, ClientName: 'c' }))).UserPoolClient!.ClientId!;
      await cb.send(new SignUpCommand({ ClientId, Username: 'bo', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'bo@example.com' }] }));
      assert.equal(await b.lastCode({ userPoolId: inB, username: 'bo' }), '123456', 'the fixed code of b');

      assert.deepEqual(await a.reset(), [inA]);
      assert.deepEqual((await ca.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools, []);
      assert.equal((await cb.send(new ListUserPoolsCommand({ MaxResults: 10 }))).UserPools?.length, 1, "a's reset left b alone");
    } finally {
      ca.destroy();
      cb.destroy();
      await a.stop();
      await b.stop();
    }
    assert.equal(await canBind(a.port), true, 'stop() released the port');
  });

  // The compiled package (dist/, built by scripts/run-tests.mjs) under plain node: no loader needed.
  it('an in-memory server writes nothing to the working directory and leaves no temporary directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'userpool-cwd-'));
    try {
      const program = `import { startUserpool } from ${JSON.stringify(join(import.meta.dirname, '..', 'dist', 'index.js'))};
        import { readdirSync } from 'node:fs'; import { tmpdir } from 'node:os';
        const before = readdirSync(tmpdir()).filter((f) => f.startsWith('userpool-') && !f.startsWith('userpool-cwd-'));
        const up = await startUserpool();
        const r = await fetch(up.url + '/health'); if (!r.ok) process.exit(3);
        await up.stop();
        const after = readdirSync(tmpdir()).filter((f) => f.startsWith('userpool-') && !f.startsWith('userpool-cwd-'));
        console.log(JSON.stringify({ left: after.filter((f) => !before.includes(f)) }));`;
      const run = spawnSync(process.execPath, ['--input-type=module', '-e', program], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      assert.equal(run.status, 0, run.stderr);
      assert.deepEqual(JSON.parse(run.stdout.trim().split('\n').at(-1)!), { left: [] }, 'its temporary data directory is gone after stop()');
      assert.deepEqual(readdirSync(dir), [], 'nothing written to the working directory');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
