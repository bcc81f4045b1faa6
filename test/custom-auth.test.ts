/**
 * CUSTOM_AUTH with the pool's DefineAuthChallenge / CreateAuthChallenge / VerifyAuthChallengeResponse
 * functions from the functions folder: a question answered through the SDK and through
 * amazon-cognito-identity-js (with and without the password first, CHALLENGE_NAME=SRP_A), the
 * `session` history the functions see, sessions that work once, a sign-in Define fails, unknown
 * users per PreventUserExistenceErrors, and a pool without the functions.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdminInitiateAuthCommand, InitiateAuthCommand, RespondToAuthChallengeCommand, type InitiateAuthCommandOutput } from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { JwtVerifier } from 'aws-jwt-verify';
import { createClient, createPool, createUser } from './helpers/auth.ts';
import { MemoryStorage } from './helpers/identity-js.ts';
import { databases, startTestServer, type TestServer } from './helpers/server.ts';

const arn = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/** A quiz: password first when the sign-in starts with SRP_A, then "6 x 7?" up to three times. */
function writeFunctions(dir: string): void {
  writeFileSync(
    join(dir, 'define.mjs'),
    `import { appendFileSync } from 'node:fs';
export const handler = async (event) => {
  appendFileSync(process.env.CUSTOM_EVENTS_FILE, JSON.stringify(event) + '\\n');
  const session = event.request.session;
  const last = session[session.length - 1];
  const asked = session.filter((c) => c.challengeName === 'CUSTOM_CHALLENGE').length;
  event.response.issueTokens = false;
  event.response.failAuthentication = false;
  if (last === undefined) event.response.challengeName = 'CUSTOM_CHALLENGE';
  else if (last.challengeName === 'SRP_A') event.response.challengeName = 'PASSWORD_VERIFIER';
  else if (last.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) event.response.issueTokens = true;
  else if (asked >= 3) event.response.failAuthentication = true;
  else event.response.challengeName = 'CUSTOM_CHALLENGE';
  return event;
};
`,
  );
  writeFileSync(
    join(dir, 'create.mjs'),
    `import { appendFileSync } from 'node:fs';
export const handler = async (event) => {
  appendFileSync(process.env.CUSTOM_EVENTS_FILE, JSON.stringify(event) + '\\n');
  const attempt = event.request.session.filter((c) => c.challengeName === 'CUSTOM_CHALLENGE').length + 1;
  event.response.publicChallengeParameters = { question: 'What is 6 x 7?', attempt };
  event.response.privateChallengeParameters = { answer: '42' };
  event.response.challengeMetadata = 'QUESTION-' + attempt;
  return event;
};
`,
  );
  writeFileSync(
    join(dir, 'verify.mjs'),
    `import { appendFileSync } from 'node:fs';
export const handler = async (event) => {
  appendFileSync(process.env.CUSTOM_EVENTS_FILE, JSON.stringify(event) + '\\n');
  event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.answer;
  return event;
};
`,
  );
  writeFileSync(join(dir, 'define-nonsense.mjs'), `export const handler = async (event) => ({ ...event, response: { challengeName: 'MAGIC' } });\n`);
}

const CUSTOM_TRIGGERS = { DefineAuthChallenge: arn('define'), CreateAuthChallenge: arn('create'), VerifyAuthChallengeResponse: arn('verify') };

for (const kind of await databases()) {
  describe(`CUSTOM_AUTH with the custom challenge triggers (${kind})`, () => {
    let dir: string;
    let s: TestServer;
    let eventsFile: string;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'userpool-custom-auth-'));
      writeFunctions(dir);
      eventsFile = join(dir, 'events.jsonl');
      process.env['CUSTOM_EVENTS_FILE'] = eventsFile;
      s = await startTestServer(kind, { lambdaDir: dir });
    });
    after(async () => {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const events = (): Array<Record<string, any>> => {
      try {
        return readFileSync(eventsFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>);
      } catch {
        return [];
      }
    };

    async function quizPool(hideUsers = false, lambdaConfig: Record<string, string> = CUSTOM_TRIGGERS): Promise<{ poolId: string; clientId: string }> {
      const poolId = await createPool(s, { PoolName: 'quiz', LambdaConfig: lambdaConfig });
      const { clientId } = await createClient(s, poolId, {
        ExplicitAuthFlows: ['ALLOW_CUSTOM_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        PreventUserExistenceErrors: hideUsers ? 'ENABLED' : 'LEGACY',
      });
      await createUser(s, poolId, 'quinn', 'Passw0rd!quiz', { email: 'quinn@example.com' });
      return { poolId, clientId };
    }

    const start = (clientId: string, username: string): Promise<InitiateAuthCommandOutput> =>
      s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: username }, ClientMetadata: { from: 'initiate' } }));
    const answer = (clientId: string, session: string, value: string, username = 'quinn') =>
      s.client.send(
        new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'CUSTOM_CHALLENGE', Session: session, ChallengeResponses: { USERNAME: username, ANSWER: value }, ClientMetadata: { from: 'respond' } }),
      );

    it('a question answered wrong, then right: tokens that verify; the functions see the history, metadata and private parameters', async () => {
      const { poolId, clientId } = await quizPool();
      rmSync(eventsFile, { force: true });
      const first = await start(clientId, 'quinn');
      assert.equal(first.ChallengeName, 'CUSTOM_CHALLENGE');
      assert.deepEqual(first.ChallengeParameters, { question: 'What is 6 x 7?', attempt: '1', USERNAME: 'quinn' });
      assert.ok(first.Session);

      const second = await answer(clientId, first.Session!, '41');
      assert.equal(second.ChallengeName, 'CUSTOM_CHALLENGE');
      assert.equal(second.ChallengeParameters?.['attempt'], '2');
      assert.notEqual(second.Session, first.Session);
      // A challenge session works once: replaying the first answer is refused.
      await assert.rejects(answer(clientId, first.Session!, '42'), { name: 'NotAuthorizedException', message: 'Invalid session for the user.' });

      const done = await answer(clientId, second.Session!, '42');
      assert.equal(done.ChallengeName, undefined);
      const verifier = JwtVerifier.create({ issuer: `${s.url}/${poolId}`, jwksUri: `${s.url}/${poolId}/.well-known/jwks.json`, audience: clientId });
      // aws-jwt-verify fetches JWKS over https only: over plain http the keys are handed to it.
      verifier.cacheJwks((await (await fetch(`${s.url}/${poolId}/.well-known/jwks.json`)).json()) as Parameters<typeof verifier.cacheJwks>[0]);
      const claims = await verifier.verify(done.AuthenticationResult!.IdToken!);
      assert.equal(claims['cognito:username'], 'quinn');
      assert.ok(done.AuthenticationResult?.RefreshToken);

      const seen = events();
      assert.deepEqual(
        seen.map((e) => e['triggerSource']),
        [
          'DefineAuthChallenge_Authentication',
          'CreateAuthChallenge_Authentication',
          'VerifyAuthChallengeResponse_Authentication',
          'DefineAuthChallenge_Authentication',
          'CreateAuthChallenge_Authentication',
          'VerifyAuthChallengeResponse_Authentication',
          'DefineAuthChallenge_Authentication',
        ],
      );
      const [define1, create1, verify1, , , , define3] = seen;
      assert.deepEqual(define1!['request'], { userAttributes: { sub: claims.sub, email: 'quinn@example.com', 'cognito:user_status': 'CONFIRMED' }, userNotFound: false, session: [] });
      assert.equal(define1!['userName'], 'quinn');
      assert.deepEqual(define1!['callerContext'], { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId });
      assert.equal(create1!['request']['challengeName'], 'CUSTOM_CHALLENGE');
      assert.deepEqual(verify1!['request']['privateChallengeParameters'], { answer: '42' });
      assert.equal(verify1!['request']['challengeAnswer'], '41');
      // ClientMetadata of RespondToAuthChallenge reaches the functions; InitiateAuth's does not (the
      // first Define's request above has none: API Reference, InitiateAuth "ClientMetadata").
      assert.deepEqual(verify1!['request']['clientMetadata'], { from: 'respond' });
      assert.deepEqual(define3!['request']['session'], [
        { challengeName: 'CUSTOM_CHALLENGE', challengeResult: false, challengeMetadata: 'QUESTION-1' },
        { challengeName: 'CUSTOM_CHALLENGE', challengeResult: true, challengeMetadata: 'QUESTION-2' },
      ]);
    });

    it('three wrong answers: Define fails the sign-in with NotAuthorizedException', async () => {
      const { clientId } = await quizPool();
      let r: { Session?: string | undefined } = await start(clientId, 'quinn');
      r = await answer(clientId, r.Session!, 'no');
      r = await answer(clientId, r.Session!, 'nope');
      await assert.rejects(answer(clientId, r.Session!, 'never'), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    });

    it('AdminInitiateAuth CUSTOM_AUTH with SRP_A first asks for the password (PASSWORD_VERIFIER) before the question', async () => {
      const { poolId, clientId } = await quizPool();
      await s.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'quinn' } })).then((r) => {
        assert.equal(r.ChallengeName, 'CUSTOM_CHALLENGE');
      });
      const srp = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'quinn', CHALLENGE_NAME: 'SRP_A', SRP_A: 'ab'.repeat(192) } }));
      assert.equal(srp.ChallengeName, 'PASSWORD_VERIFIER');
      assert.ok(srp.ChallengeParameters?.['SRP_B'] && srp.ChallengeParameters['SALT'] && srp.ChallengeParameters['SECRET_BLOCK']);
      assert.equal(srp.ChallengeParameters?.['USER_ID_FOR_SRP'], 'quinn');
    });

    function identityJs(poolId: string, clientId: string): CognitoUser {
      const storage = new MemoryStorage();
      const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: `${s.url}/`, Storage: storage });
      const user = new CognitoUser({ Username: 'quinn', Pool: pool, Storage: storage });
      user.setAuthenticationFlowType('CUSTOM_AUTH');
      return user;
    }

    /** Signs in with amazon-cognito-identity-js, answering each custom challenge from `answers`. */
    function identityJsSignIn(user: CognitoUser, password: string | undefined, answers: string[]): Promise<{ session: CognitoUserSession; questions: Array<Record<string, string>> }> {
      const questions: Array<Record<string, string>> = [];
      return new Promise((resolve, reject) => {
        const callbacks = {
          onSuccess: (session: CognitoUserSession) => resolve({ session, questions }),
          onFailure: (err: Error) => reject(err),
          customChallenge(parameters: Record<string, string>) {
            questions.push(parameters);
            const next = answers.shift();
            if (next === undefined) reject(new Error('no answer left'));
            else user.sendCustomChallengeAnswer(next, callbacks);
          },
        };
        const details = new AuthenticationDetails({ Username: 'quinn', ...(password !== undefined ? { Password: password } : {}) });
        if (password === undefined) user.initiateAuth(details, callbacks);
        else user.authenticateUser(details, callbacks);
      });
    }

    it("amazon-cognito-identity-js: initiateAuth + customChallenge + sendCustomChallengeAnswer signs in", async () => {
      const { poolId, clientId } = await quizPool();
      const { session, questions } = await identityJsSignIn(identityJs(poolId, clientId), undefined, ['7', '42']);
      assert.equal(questions.length, 2);
      assert.equal(questions[0]!['question'], 'What is 6 x 7?');
      assert.equal(session.getIdToken().decodePayload()['cognito:username'], 'quinn');
    });

    it('amazon-cognito-identity-js: CUSTOM_AUTH with the password first (SRP_A → PASSWORD_VERIFIER → CUSTOM_CHALLENGE)', async () => {
      const { poolId, clientId } = await quizPool();
      rmSync(eventsFile, { force: true });
      const { session, questions } = await identityJsSignIn(identityJs(poolId, clientId), 'Passw0rd!quiz', ['42']);
      assert.equal(questions.length, 1);
      assert.ok(session.isValid());
      const defines = events().filter((e) => e['triggerSource'] === 'DefineAuthChallenge_Authentication');
      assert.deepEqual(
        defines.map((e) => e['request']['session']),
        [
          [{ challengeName: 'SRP_A', challengeResult: true }],
          [
            { challengeName: 'SRP_A', challengeResult: true },
            { challengeName: 'PASSWORD_VERIFIER', challengeResult: true },
          ],
          [
            { challengeName: 'SRP_A', challengeResult: true },
            { challengeName: 'PASSWORD_VERIFIER', challengeResult: true },
            { challengeName: 'CUSTOM_CHALLENGE', challengeResult: true, challengeMetadata: 'QUESTION-1' },
          ],
        ],
      );
      // A wrong password ends the sign-in before any question.
      await assert.rejects(identityJsSignIn(identityJs(poolId, clientId), 'wrong-Passw0rd', ['42']), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    });

    it('unknown users: LEGACY → UserNotFoundException; ENABLED → the functions run with userNotFound and no answer signs in', async () => {
      const legacy = await quizPool(false);
      await assert.rejects(start(legacy.clientId, 'nobody'), { name: 'UserNotFoundException', message: 'User does not exist.' });
      const hidden = await quizPool(true);
      rmSync(eventsFile, { force: true });
      const r = await start(hidden.clientId, 'nobody');
      assert.equal(r.ChallengeName, 'CUSTOM_CHALLENGE');
      assert.equal(r.ChallengeParameters?.['USERNAME'], 'nobody');
      const [define] = events();
      assert.equal(define!['request']['userNotFound'], true);
      assert.deepEqual(define!['request']['userAttributes'], {});
      await assert.rejects(answer(hidden.clientId, r.Session!, '42', 'nobody'), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
    });

    it('a pool without the functions, a client without ALLOW_CUSTOM_AUTH, and a Define answer that is not a challenge', async () => {
      const bare = await quizPool(false, {});
      await assert.rejects(start(bare.clientId, 'quinn'), { name: 'InvalidParameterException', message: 'Custom auth lambda trigger is not configured for the user pool.' });
      const { poolId } = await quizPool();
      const { clientId } = await createClient(s, poolId, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
      await assert.rejects(start(clientId, 'quinn'), { name: 'InvalidParameterException' });
      const odd = await quizPool(false, { ...CUSTOM_TRIGGERS, DefineAuthChallenge: arn('define-nonsense') });
      await assert.rejects(start(odd.clientId, 'quinn'), { name: 'InvalidLambdaResponseException', message: 'Unrecognizable lambda output' });
    });
  });
}
