/**
 * Lambda triggers from the functions folder (USERPOOL_LAMBDA_DIR): a pool's LambdaConfig ARN runs
 * the local module of that function name in a worker thread, with AWS's event shape; the answer
 * changes the outcome (PreSignUp auto-confirms and auto-verifies), and failures are AWS's errors —
 * a throwing handler → UserLambdaValidationException "PreSignUp failed with error <message>." with
 * nothing stored, a wrong answer → InvalidLambdaResponseException, a missing function or one that
 * hangs → UnexpectedLambdaException (three 5-second attempts) while the server keeps answering.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminGetUserCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  ListUserPoolsCommand,
  ListUsersCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { outbox } from './helpers/auth.ts';
import { databases, startTestServer, type TestServer } from './helpers/server.ts';

const arn = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

function writeFunctions(dir: string): void {
  writeFileSync(
    join(dir, 'auto-confirm.mjs'),
    `import { writeFileSync } from 'node:fs';
export const handler = async (event) => {
  writeFileSync(process.env.EVENT_FILE, JSON.stringify(event));
  event.response.autoConfirmUser = true;
  event.response.autoVerifyEmail = true;
  return event;
};
`,
  );
  writeFileSync(join(dir, 'reject.mjs'), `export const handler = async (event) => { throw new Error('Invalid email domain'); };\n`);
  // The callback style, CommonJS, in a folder with an index file.
  mkdirSync(join(dir, 'callback-style'));
  writeFileSync(join(dir, 'callback-style', 'index.js'), `exports.handler = (event, context, callback) => { event.response.autoConfirmUser = context.functionName === 'callback-style'; callback(null, event); };\n`);
  writeFileSync(join(dir, 'nonsense.mjs'), `export const handler = async () => 'not an event';\n`);
  writeFileSync(join(dir, 'wrong-type.mjs'), `export const handler = async (event) => ({ ...event, response: { autoConfirmUser: 'yes' } });\n`);
  writeFileSync(join(dir, 'hang.mjs'), `export const handler = async () => { for (;;) {} };\n`);
}

for (const kind of await databases()) {
  describe(`Lambda triggers from the functions folder: PreSignUp (${kind})`, () => {
    let dir: string;
    let s: TestServer;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'userpool-functions-'));
      writeFunctions(dir);
      process.env['EVENT_FILE'] = join(dir, 'event.json');
      s = await startTestServer(kind, { lambdaDir: dir });
    });
    after(async () => {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    });

    async function poolWith(functionName: string): Promise<{ poolId: string; clientId: string }> {
      const pool = await s.client.send(
        new CreateUserPoolCommand({ PoolName: `trigger-${functionName}`, AutoVerifiedAttributes: ['email'], LambdaConfig: { PreSignUp: arn(functionName) } }),
      );
      const poolId = pool.UserPool!.Id!;
      const client = await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
      return { poolId, clientId: client.UserPoolClient!.ClientId! };
    }

    const signUp = (clientId: string, username: string) =>
      new SignUpCommand({
        ClientId: clientId,
        Username: username,
        Password: 'Passw0rd!x',
        UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
        ValidationData: [{ Name: 'invite', Value: 'abc' }],
        ClientMetadata: { source: 'test' },
      });

    it('PreSignUp auto-confirms and auto-verifies: the user signs in at once, no code is sent, the event is AWS-shaped', async () => {
      const { poolId, clientId } = await poolWith('auto-confirm');
      const r = await s.client.send(signUp(clientId, 'carol'));
      assert.equal(r.UserConfirmed, true);
      assert.equal(r.CodeDeliveryDetails, undefined);
      const user = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'carol' }));
      assert.equal(user.UserStatus, 'CONFIRMED');
      assert.equal(user.UserAttributes?.find((a) => a.Name === 'email_verified')?.Value, 'true');
      assert.deepEqual(await outbox(s, poolId, 'carol'), []);
      const auth = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'carol', PASSWORD: 'Passw0rd!x' } }));
      assert.ok(auth.AuthenticationResult?.IdToken);

      const event = JSON.parse(readFileSync(join(dir, 'event.json'), 'utf8')) as Record<string, unknown>;
      assert.deepEqual(event, {
        version: '1',
        triggerSource: 'PreSignUp_SignUp',
        region: 'us-east-1',
        userPoolId: poolId,
        userName: 'carol',
        callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId },
        request: { userAttributes: { email: 'carol@example.com' }, validationData: { invite: 'abc' }, clientMetadata: { source: 'test' } },
        response: {},
      });
    });

    it('a callback-style CommonJS handler in <name>/index.js works, and gets a context', async () => {
      const { clientId } = await poolWith('callback-style');
      assert.equal((await s.client.send(signUp(clientId, 'dave'))).UserConfirmed, true);
    });

    it('a handler that throws → UserLambdaValidationException with AWS message, and no user is stored', async () => {
      const { poolId, clientId } = await poolWith('reject');
      await assert.rejects(s.client.send(signUp(clientId, 'eve')), (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(err.name, 'UserLambdaValidationException');
        assert.equal(err.message, 'PreSignUp failed with error Invalid email domain.');
        assert.equal(err.$metadata?.httpStatusCode, 400);
        return true;
      });
      assert.deepEqual((await s.client.send(new ListUsersCommand({ UserPoolId: poolId }))).Users, []);
      assert.deepEqual(await outbox(s, poolId), []);
    });

    it('an answer that is not the event → InvalidLambdaResponseException, nothing stored', async () => {
      for (const fn of ['nonsense', 'wrong-type']) {
        const { poolId, clientId } = await poolWith(fn);
        await assert.rejects(s.client.send(signUp(clientId, 'frank')), { name: 'InvalidLambdaResponseException', message: 'Unrecognizable lambda output' });
        assert.deepEqual((await s.client.send(new ListUsersCommand({ UserPoolId: poolId }))).Users, []);
      }
    });

    it('a function the folder lacks → UnexpectedLambdaException naming it and the setting', async () => {
      const { clientId } = await poolWith('not-there');
      await assert.rejects(s.client.send(signUp(clientId, 'gina')), (err: Error) => {
        assert.equal(err.name, 'UnexpectedLambdaException');
        assert.match(err.message, /^PreSignUp invocation failed due to error ResourceNotFoundException: function not-there \(arn:aws:lambda:us-east-1:123456789012:function:not-there\) not found: no not-there\.mjs/);
        assert.match(err.message, /USERPOOL_LAMBDA_DIR/);
        return true;
      });
    });

    if (kind === 'sqlite') {
      it('a handler that never answers is cut off after three 5-second attempts; the server keeps answering meanwhile', async () => {
        const { poolId, clientId } = await poolWith('hang');
        const started = Date.now();
        const pending = s.client.send(signUp(clientId, 'hal')).then(
          () => assert.fail('the sign-up should fail'),
          (err: Error) => err,
        );
        await new Promise((r) => setTimeout(r, 1000));
        const t = Date.now();
        await s.client.send(new ListUserPoolsCommand({ MaxResults: 1 }));
        assert.ok(Date.now() - t < 1000, 'the event loop is not blocked by the spinning handler');
        const err = await pending;
        const took = Date.now() - started;
        assert.equal(err.name, 'UnexpectedLambdaException');
        assert.match(err.message, /Task timed out after 5\.00 seconds \(3 attempts\)/);
        assert.ok(took >= 15_000 && took < 17_000, `answered after ${took} ms`);
        assert.deepEqual((await s.client.send(new ListUsersCommand({ UserPoolId: poolId }))).Users, []);
      });
    }
  });
}
