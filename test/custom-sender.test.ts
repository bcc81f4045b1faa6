/**
 * Custom sender triggers: a pool with LambdaConfig.CustomEmailSender / CustomSMSSender and a
 * KMSKeyID hands each code to its function, encrypted with the AWS Encryption SDK under that KMS key,
 * instead of sending the message. A small KMS (GenerateDataKey / Decrypt of the JSON protocol) runs
 * in the test at USERPOOL_KMS_ENDPOINT; the test decrypts the code with the Encryption SDK, as a
 * function would, and confirms the sign-up with it. A function that fails does not fail the request.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminGetUserCommand, ConfirmSignUpCommand, CreateUserPoolClientCommand, CreateUserPoolCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { buildClient, CommitmentPolicy, getClient, KMS, KmsKeyringNode } from '@aws-crypto/client-node';
import { outbox } from './helpers/auth.ts';
import { databases, startTestServer, type TestServer } from './helpers/server.ts';

const KEY_ARN = 'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555';
const arn = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/** KMS's JSON protocol, as far as the Encryption SDK's keyring uses it: data keys wrapped by remembering them. */
function startKms(): Promise<{ server: Server; url: string; calls: string[] }> {
  const wrapped = new Map<string, Buffer>();
  const calls: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      const action = String(req.headers['x-amz-target'] ?? '').replace('TrentService.', '');
      calls.push(action);
      const input = JSON.parse(body || '{}') as Record<string, any>;
      const answer = (status: number, json: object) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(json));
      };
      if (action === 'GenerateDataKey') {
        if (input['KeyId'] !== KEY_ARN) return answer(400, { __type: 'NotFoundException', message: `Key '${input['KeyId']}' does not exist` });
        const plaintext = randomBytes(input['NumberOfBytes'] ?? 32);
        const blob = Buffer.from(randomUUID());
        wrapped.set(blob.toString('base64'), plaintext);
        return answer(200, { KeyId: KEY_ARN, Plaintext: plaintext.toString('base64'), CiphertextBlob: blob.toString('base64') });
      }
      if (action === 'Decrypt') {
        const plaintext = wrapped.get(input['CiphertextBlob']);
        if (plaintext === undefined) return answer(400, { __type: 'InvalidCiphertextException', message: 'unknown ciphertext' });
        return answer(200, { KeyId: KEY_ARN, Plaintext: plaintext.toString('base64') });
      }
      return answer(400, { __type: 'UnsupportedOperationException', message: action });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, calls })));
}

for (const kind of await databases()) {
  describe(`custom sender triggers with KMS-encrypted codes (${kind})`, () => {
    let dir: string;
    let kms: Awaited<ReturnType<typeof startKms>>;
    let s: TestServer;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'userpool-senders-'));
      process.env['SENDER_EVENTS_FILE'] = join(dir, 'events.jsonl');
      writeFileSync(join(dir, 'sender.mjs'), `import { appendFileSync } from 'node:fs';\nexport const handler = async (event) => { appendFileSync(process.env.SENDER_EVENTS_FILE, JSON.stringify(event) + '\\n'); };\n`);
      writeFileSync(join(dir, 'broken-sender.mjs'), `export const handler = async () => { throw new Error('mail provider down'); };\n`);
      kms = await startKms();
      s = await startTestServer(kind, { lambdaDir: dir, kmsEndpoint: kms.url });
    });
    after(async () => {
      await s.close();
      kms.server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    async function senderPool(functionName: string): Promise<{ poolId: string; clientId: string }> {
      const pool = await s.client.send(
        new CreateUserPoolCommand({ PoolName: 'senders', AutoVerifiedAttributes: ['email'], LambdaConfig: { CustomEmailSender: { LambdaArn: arn(functionName), LambdaVersion: 'V1_0' }, KMSKeyID: KEY_ARN } }),
      );
      const poolId = pool.UserPool!.Id!;
      const clientId = (await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app' }))).UserPoolClient!.ClientId!;
      return { poolId, clientId };
    }

    it('SignUp hands the code, encrypted under the pool\'s KMS key, to CustomEmailSender; decrypted, it confirms the user', async () => {
      const { poolId, clientId } = await senderPool('sender');
      const r = await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'zoe', Password: 'Passw0rd!x', UserAttributes: [{ Name: 'email', Value: 'zoe@example.com' }], ClientMetadata: { app: 'web' } }));
      assert.deepEqual(r.CodeDeliveryDetails, { AttributeName: 'email', DeliveryMedium: 'EMAIL', Destination: 'z***@e***' });
      assert.deepEqual(await outbox(s, poolId), [], 'the function sends the message, not the server');
      const [event] = readFileSync(process.env['SENDER_EVENTS_FILE']!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
      assert.equal(event!['triggerSource'], 'CustomEmailSender_SignUp');
      assert.equal(event!['request']['type'], 'customEmailSenderRequestV1');
      assert.deepEqual(event!['request']['clientMetadata'], { app: 'web' });
      assert.equal(event!['request']['userAttributes']['email'], 'zoe@example.com');
      assert.ok(kms.calls.includes('GenerateDataKey'));

      // As a function would: the Encryption SDK with a KMS keyring on the same key.
      const { decrypt } = buildClient(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT);
      const kmsClient = KMS as unknown as Parameters<typeof getClient>[0];
      const keyring = new KmsKeyringNode({ keyIds: [KEY_ARN], clientProvider: getClient(kmsClient, { endpoint: kms.url, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }) });
      const { plaintext } = await decrypt(keyring, Buffer.from(event!['request']['code'], 'base64'));
      const code = plaintext.toString('utf8');
      assert.match(code, /^\d{6}$/);
      await s.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'zoe', ConfirmationCode: code }));
      assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'zoe' }))).UserStatus, 'CONFIRMED');
    });

    it('a sender function that fails does not fail the request (AWS invokes it asynchronously)', async () => {
      const { clientId } = await senderPool('broken-sender');
      const r = await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'yuri', Password: 'Passw0rd!x', UserAttributes: [{ Name: 'email', Value: 'yuri@example.com' }] }));
      assert.equal(r.UserConfirmed, false);
      assert.equal(r.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
    });

    it('a pool whose KMS key KMS does not know: UnexpectedLambdaException naming KMS', async () => {
      const pool = await s.client.send(
        new CreateUserPoolCommand({
          PoolName: 'senders-bad-key',
          AutoVerifiedAttributes: ['email'],
          LambdaConfig: { CustomEmailSender: { LambdaArn: arn('sender'), LambdaVersion: 'V1_0' }, KMSKeyID: 'arn:aws:kms:us-east-1:123456789012:key/99999999-0000-0000-0000-000000000000' },
        }),
      );
      const clientId = (await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: pool.UserPool!.Id!, ClientName: 'app' }))).UserPoolClient!.ClientId!;
      await assert.rejects(s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'xavi', Password: 'Passw0rd!x', UserAttributes: [{ Name: 'email', Value: 'xavi@example.com' }] })), (err: Error) => {
        assert.equal(err.name, 'UnexpectedLambdaException');
        assert.match(err.message, /^CustomEmailSender invocation failed due to error KMSException: /);
        return true;
      });
    });
  });
}
