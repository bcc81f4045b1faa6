/**
 * Trigger functions through AWS Lambda's Invoke API (USERPOOL_LAMBDA_ENDPOINT): a small HTTP server
 * started here speaks Lambda's Invoke (POST /2015-03-31/functions/<name>/invocations), as LocalStack
 * or serverless-offline would. A function the folder lacks is invoked there with the event; its
 * answer changes the outcome; a function error (X-Amz-Function-Error) is the handler's throw; an
 * unknown function is Lambda's ResourceNotFoundException, reported as UnexpectedLambdaException.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { CreateUserPoolClientCommand, CreateUserPoolCommand, ListUsersCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { databases, startTestServer, type TestServer } from './helpers/server.ts';

const arn = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

for (const kind of await databases()) {
  describe(`Lambda triggers through an Invoke endpoint (${kind})`, () => {
    let lambda: Server;
    const invocations: Array<{ name: string; event: Record<string, any>; authorization: string | undefined }> = [];
    let s: TestServer;
    before(async () => {
      lambda = createServer((req, res) => {
        let body = '';
        req.on('data', (d: Buffer) => (body += d.toString()));
        req.on('end', () => {
          const m = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(req.url ?? '');
          const name = decodeURIComponent(m?.[1] ?? '').split(':').pop()!;
          if (!m || !['remote-confirm', 'remote-refuse'].includes(name)) {
            res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' });
            res.end(JSON.stringify({ Type: 'User', message: `Function not found: ${decodeURIComponent(m?.[1] ?? '')}` }));
            return;
          }
          const event = JSON.parse(body) as Record<string, any>;
          invocations.push({ name, event, authorization: req.headers['authorization'] });
          if (name === 'remote-refuse') {
            res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' });
            res.end(JSON.stringify({ errorType: 'Error', errorMessage: 'Remote says no' }));
            return;
          }
          event['response']['autoConfirmUser'] = true;
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(event));
        });
      });
      await new Promise<void>((resolve) => lambda.listen(0, '127.0.0.1', resolve));
      const port = (lambda.address() as { port: number }).port;
      s = await startTestServer(kind, { lambdaEndpoint: `http://127.0.0.1:${port}` });
    });
    after(async () => {
      await s.close();
      lambda.close();
    });

    async function poolWith(name: string): Promise<{ poolId: string; clientId: string }> {
      const poolId = (await s.client.send(new CreateUserPoolCommand({ PoolName: name, LambdaConfig: { PreSignUp: arn(name) } }))).UserPool!.Id!;
      const clientId = (await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app' }))).UserPoolClient!.ClientId!;
      return { poolId, clientId };
    }
    const signUp = (clientId: string, username: string) => new SignUpCommand({ ClientId: clientId, Username: username, Password: 'Passw0rd!x', UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] });

    it('invokes the function with the event (SigV4-signed, dummy credentials for a local endpoint) and follows its answer', async () => {
      const { poolId, clientId } = await poolWith('remote-confirm');
      assert.equal((await s.client.send(signUp(clientId, 'rita'))).UserConfirmed, true);
      const call = invocations.find((i) => i.event['userName'] === 'rita')!;
      assert.equal(call.event['triggerSource'], 'PreSignUp_SignUp');
      assert.equal(call.event['userPoolId'], poolId);
      assert.match(call.authorization ?? '', /^AWS4-HMAC-SHA256 Credential=\w+\/\d{8}\/us-east-1\/lambda\/aws4_request/);
    });

    it('a function error is the handler\'s throw: UserLambdaValidationException, nothing stored', async () => {
      const { poolId, clientId } = await poolWith('remote-refuse');
      await assert.rejects(s.client.send(signUp(clientId, 'sam')), { name: 'UserLambdaValidationException', message: 'PreSignUp failed with error Remote says no.' });
      assert.deepEqual((await s.client.send(new ListUsersCommand({ UserPoolId: poolId }))).Users, []);
    });

    it('a function Lambda does not have → UnexpectedLambdaException naming Lambda\'s error', async () => {
      const { clientId } = await poolWith('remote-missing');
      await assert.rejects(s.client.send(signUp(clientId, 'tom')), (err: Error) => {
        assert.equal(err.name, 'UnexpectedLambdaException');
        assert.match(err.message, /^PreSignUp invocation failed due to error ResourceNotFoundException: Function not found: /);
        return true;
      });
    });
  });
}
