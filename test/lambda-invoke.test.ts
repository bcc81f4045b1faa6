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
import { CreateUserPoolClientCommand, CreateUserPoolCommand, InitiateAuthCommand, ListUsersCommand, RespondToAuthChallengeCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { createUser } from './helpers/auth.ts';
import { databases, startTestServer, type TestServer } from './helpers/server.ts';

const arn = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

type Event = Record<string, any>;

/** The functions the Invoke endpoint has: each takes the event and answers it (a throw is a function error). */
const REMOTE_FUNCTIONS: Record<string, (event: Event) => Event> = {
  'remote-confirm': (event) => ({ ...event, response: { autoConfirmUser: true } }),
  'remote-refuse': () => {
    throw new Error('Remote says no');
  },
  'remote-claims': (event) => ({ ...event, response: { claimsOverrideDetails: { claimsToAddOrOverride: { plan: 'remote-gold' } } } }),
  'remote-migrate': (event) => {
    if (event['userName'] !== 'olga' || event['request']['password'] !== 'Old-Passw0rd!') throw new Error('Bad credentials');
    return { ...event, response: { userAttributes: { email: 'olga@example.com', email_verified: 'true' }, finalUserStatus: 'CONFIRMED' } };
  },
  'remote-define': (event) => {
    const session = event['request']['session'] as Array<{ challengeResult: boolean }>;
    const solved = session.some((c) => c.challengeResult);
    return { ...event, response: solved ? { issueTokens: true } : session.length >= 2 ? { failAuthentication: true } : { challengeName: 'CUSTOM_CHALLENGE' } };
  },
  'remote-create': (event) => ({ ...event, response: { publicChallengeParameters: { hint: 'the colour of the sky' }, privateChallengeParameters: { answer: 'blue' } } }),
  'remote-verify': (event) => ({ ...event, response: { answerCorrect: event['request']['challengeAnswer'] === event['request']['privateChallengeParameters']['answer'] } }),
};

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
          const handler = REMOTE_FUNCTIONS[name];
          if (!m || handler === undefined) {
            res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' });
            res.end(JSON.stringify({ Type: 'User', message: `Function not found: ${decodeURIComponent(m?.[1] ?? '')}` }));
            return;
          }
          const event = JSON.parse(body) as Record<string, any>;
          invocations.push({ name, event, authorization: req.headers['authorization'] });
          let answer: Record<string, any>;
          try {
            answer = handler(event);
          } catch (err) {
            res.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled' });
            res.end(JSON.stringify({ errorType: 'Error', errorMessage: (err as Error).message }));
            return;
          }
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(answer));
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

    async function signInPool(lambdaConfig: Record<string, string>): Promise<{ poolId: string; clientId: string }> {
      const poolId = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'remote-sign-in', LambdaConfig: lambdaConfig }))).UserPool!.Id!;
      const clientId = (await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })))
        .UserPoolClient!.ClientId!;
      return { poolId, clientId };
    }
    const passwordSignIn = (clientId: string, username: string, password: string) =>
      s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));

    it('PreTokenGeneration through the endpoint: its claim is in the ID token', async () => {
      const { poolId, clientId } = await signInPool({ PreTokenGeneration: arn('remote-claims') });
      await createUser(s, poolId, 'pia', 'Passw0rd!x');
      const auth = await passwordSignIn(clientId, 'pia', 'Passw0rd!x');
      assert.equal(decodeJwt(auth.AuthenticationResult!.IdToken!)['plan'], 'remote-gold');
    });

    it('UserMigration through the endpoint: the migrated user signs in; one it refuses does not', async () => {
      const { clientId } = await signInPool({ UserMigration: arn('remote-migrate') });
      const auth = await passwordSignIn(clientId, 'olga', 'Old-Passw0rd!');
      assert.equal(decodeJwt(auth.AuthenticationResult!.IdToken!)['email'], 'olga@example.com');
      await assert.rejects(passwordSignIn(clientId, 'oscar', 'Old-Passw0rd!'), { name: 'UserNotFoundException' });
    });

    it('CUSTOM_AUTH through the endpoint: a challenge answered wrong, then right, gives tokens', async () => {
      const { poolId, clientId } = await signInPool({ DefineAuthChallenge: arn('remote-define'), CreateAuthChallenge: arn('remote-create'), VerifyAuthChallengeResponse: arn('remote-verify') });
      await createUser(s, poolId, 'cleo', 'Passw0rd!x');
      const challenge = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'cleo' } }));
      assert.deepEqual(challenge.ChallengeParameters, { hint: 'the colour of the sky', USERNAME: 'cleo' });
      const answer = (session: string, value: string) =>
        s.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: session, ChallengeResponses: { USERNAME: 'cleo', ANSWER: value } }));
      const again = await answer(challenge.Session!, 'green');
      assert.equal(again.ChallengeName, 'CUSTOM_CHALLENGE');
      const done = await answer(again.Session!, 'blue');
      assert.equal(decodeJwt(done.AuthenticationResult!.AccessToken!)['username'], 'cleo');
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
