import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { databases, withServer } from './helpers/server.ts';
import { awsError, rejectsWith } from './helpers/errors.ts';
import { createClient, createPool, createUser, latestCode } from './helpers/auth.ts';

const LIMIT = awsError('LimitExceededException', 'Attempt limit exceeded, please try after some time.');
const MISMATCH = 'CodeMismatchException: Invalid verification code provided, please try again.';
const HOUR = 60 * 60 * 1000;

const PW = 'Passw0rd!';

for (const kind of await databases()) {
  describe(`guessing (${kind})`, () => {
    const s = withServer(kind);
    let poolId: string;
    let clientId: string;
    before(async () => {
      poolId = await createPool(s, { AutoVerifiedAttributes: ['email'] });
      clientId = (await createClient(s, poolId)).clientId;
    });

    const passwordAuth = (username: string, password: string) =>
      s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));

    it('40 parallel wrong passwords check at most 5 before the lockout, and then the right one is refused too', async () => {
      await createUser(s, poolId, 'paula', PW);
      const realNow = s.deps.now;
      const frozen = realNow();
      s.deps.now = () => frozen;
      try {
        const answers = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => passwordAuth('paula', `Wrong${i}234!`)));
        const messages = answers.map((a) => (a.status === 'rejected' ? `${(a.reason as Error).name}: ${(a.reason as Error).message}` : 'signed in'));
        const checked = messages.filter((m) => m === 'NotAuthorizedException: Incorrect username or password.').length;
        const refused = messages.filter((m) => m === 'NotAuthorizedException: Password attempts exceeded').length;
        assert.equal(checked + refused, 40, messages.join('\n'));
        assert.ok(checked <= 5, `${checked} passwords checked`);
        assert.ok(checked >= 1);
        await rejectsWith(passwordAuth('paula', PW), 'NotAuthorizedException', 'Password attempts exceeded');
        // After the 1-second back-off, one more attempt is checked (and the right password lets her in).
        s.deps.now = () => frozen + 1_001;
        assert.ok((await passwordAuth('paula', PW)).AuthenticationResult);
      } finally {
        s.deps.now = realNow;
      }
    });

    /** Answers of `tries` parallel calls, as `Type: message`. */
    const answersOf = async (tries: Array<Promise<unknown>>): Promise<string[]> =>
      (await Promise.allSettled(tries)).map((a) => (a.status === 'rejected' ? `${(a.reason as Error).name}: ${(a.reason as Error).message}` : 'ok'));

    it('AdminResetUserPassword past the code limit answers LimitExceededException and leaves the user as it was', async () => {
      await createUser(s, poolId, 'ravi', PW, { email: 'ravi@example.com', email_verified: 'true' });
      const realNow = s.deps.now;
      const frozen = realNow();
      s.deps.now = () => frozen;
      try {
        for (let i = 0; i < 5; i++) await s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'ravi' }));
        await assert.rejects(s.client.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'ravi' })), LIMIT);
        assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'ravi' }))).UserStatus, 'CONFIRMED');
        assert.ok((await passwordAuth('ravi', PW)).AuthenticationResult);
      } finally {
        s.deps.now = realNow;
      }
    });

    it('a code-walk over ForgotPassword/ConfirmForgotPassword stops at LimitExceededException; new codes bring no new guesses', async () => {
      await createUser(s, poolId, 'walter', PW, { email: 'walter@example.com', email_verified: 'true' });
      const realNow = s.deps.now;
      const frozen = realNow();
      s.deps.now = () => frozen;
      try {
        const forgot = () => s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'walter' }));
        const confirm = (code: string) => s.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'walter', ConfirmationCode: code, Password: 'N3wPassw0rd!' }));
        await forgot();
        const right = await latestCode(s, poolId, 'walter');
        const wrong = (i: number) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0');
        const answers = await answersOf(Array.from({ length: 30 }, (_, i) => confirm(wrong(i))));
        assert.equal(answers.filter((a) => a === MISMATCH).length, 5, answers.join('\n'));
        assert.equal(answers.filter((a) => a.startsWith('LimitExceededException: ')).length, 25);
        // The right code is refused now, and so is a fresh code: the budget is the user's, not the code's.
        await assert.rejects(confirm(right), LIMIT);
        for (let i = 0; i < 4; i++) await forgot();
        await assert.rejects(confirm(await latestCode(s, poolId, 'walter')), LIMIT);
        // Issuing is limited too: 5 codes an hour.
        await assert.rejects(forgot(), LIMIT);
        // An hour later both budgets are back.
        s.deps.now = () => frozen + HOUR;
        await forgot();
        await confirm(await latestCode(s, poolId, 'walter'));
        assert.ok((await passwordAuth('walter', 'N3wPassw0rd!')).AuthenticationResult);
      } finally {
        s.deps.now = realNow;
      }
    });

    it('ResendConfirmationCode/ConfirmSignUp: 5 codes an hour, 5 wrong answers an hour, across codes', async () => {
      await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'sue', Password: PW, UserAttributes: [{ Name: 'email', Value: 'sue@example.com' }] }));
      const resend = () => s.client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'sue' }));
      const confirm = (code: string) => s.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'sue', ConfirmationCode: code }));
      for (let i = 0; i < 4; i++) await resend();
      await assert.rejects(resend(), LIMIT);
      const right = await latestCode(s, poolId, 'sue');
      const wrong = (i: number) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0');
      const answers = await answersOf(Array.from({ length: 20 }, (_, i) => confirm(wrong(i))));
      assert.ok(answers.filter((a) => a === MISMATCH).length <= 5, answers.join('\n'));
      assert.equal(answers.filter((a) => a.startsWith('LimitExceededException: ')).length, 15);
      await assert.rejects(confirm(right), LIMIT);
    });

    it('PreventUserExistenceErrors=ENABLED: unknown users answer like real ones', async () => {
      const hidden = (await createClient(s, poolId, { PreventUserExistenceErrors: 'ENABLED' })).clientId;
      await createUser(s, poolId, 'rhea', PW, { email: 'rhea@example.com', email_verified: 'true' });
      await s.client.send(new SignUpCommand({ ClientId: hidden, Username: 'una', Password: PW, UserAttributes: [{ Name: 'email', Value: 'una@example.com' }] }));
      const one = async (p: Promise<unknown>): Promise<string> => (await answersOf([p]))[0]!;
      const shape = (v: unknown): string => JSON.stringify(v).replace(/[a-z0-9]/g, 'x');
      const auth = (u: string, pw: string) => s.client.send(new InitiateAuthCommand({ ClientId: hidden, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: u, PASSWORD: pw } }));
      assert.equal(await one(auth('nobody', PW)), await one(auth('rhea', 'Wrong1234!')));
      assert.equal(await one(auth('nobody', PW)), 'NotAuthorizedException: Incorrect username or password.');
      const forgot = async (u: string) => (await s.client.send(new ForgotPasswordCommand({ ClientId: hidden, Username: u }))).CodeDeliveryDetails;
      const real = await forgot('rhea');
      const decoy = await forgot('nobod');
      assert.equal(shape(decoy), shape(real));
      const resend = async (u: string) => (await s.client.send(new ResendConfirmationCodeCommand({ ClientId: hidden, Username: u }))).CodeDeliveryDetails;
      assert.equal(shape(await resend('nob')), shape(await resend('una')));
      const confirm = (u: string) => s.client.send(new ConfirmSignUpCommand({ ClientId: hidden, Username: u, ConfirmationCode: '000000' }));
      assert.equal(await one(confirm('nob')), await one(confirm('una')));
      const srp = (u: string) => s.client.send(new InitiateAuthCommand({ ClientId: hidden, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: u, SRP_A: 'ab'.repeat(192) } }));
      const srpShape = (r: Awaited<ReturnType<typeof srp>>) => [r.ChallengeName, Object.keys(r.ChallengeParameters ?? {}).sort().join(','), typeof r.Session].join(' ');
      assert.equal(srpShape(await srp('nobody')), srpShape(await srp('rhea')));
      // The lockout too: 6 wrong passwords.
      await createUser(s, poolId, 'reto', PW);
      const wrongPasswords = async (u: string): Promise<string[]> => {
        const out: string[] = [];
        for (let i = 0; i < 6; i++) out.push(await one(auth(u, 'Wrong1234!')));
        return out;
      };
      const realNow = s.deps.now;
      const frozen = realNow();
      s.deps.now = () => frozen;
      try {
        const real = await wrongPasswords('reto');
        assert.equal(real[5], 'NotAuthorizedException: Password attempts exceeded');
        assert.deepEqual(await wrongPasswords('nemo'), real);
      } finally {
        s.deps.now = realNow;
      }
      // The throttles answer the same way too: 6 password resets, then 6 wrong codes.
      await createUser(s, poolId, 'rolf', PW, { email: 'rolf@example.com', email_verified: 'true' });
      const sequence = async (u: string): Promise<string[]> => {
        const out: string[] = [];
        for (let i = 0; i < 6; i++) out.push((await one(forgot(u))).replace(/^[{].*/, 'sent'));
        for (let i = 0; i < 6; i++) out.push(await one(s.client.send(new ConfirmForgotPasswordCommand({ ClientId: hidden, Username: u, ConfirmationCode: '000000', Password: 'N3wPassw0rd!' }))));
        return out;
      };
      const realSeq = await sequence('rolf');
      assert.deepEqual(await sequence('nora'), realSeq);
      assert.match(realSeq[5]!, /^LimitExceededException/);
      assert.match(realSeq[11]!, /^LimitExceededException/);
    });

    it('parallel MFA guesses over several sign-in sessions are bounded per user', async () => {
      const mfaPoolId = await createPool(s);
      await s.client.send(
        new SetUserPoolMfaConfigCommand({
          UserPoolId: mfaPoolId,
          MfaConfiguration: 'ON',
          SmsMfaConfiguration: { SmsAuthenticationMessage: 'Code {####}', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns', ExternalId: 'x' } },
        }),
      );
      const mfaClientId = (await createClient(s, mfaPoolId)).clientId;
      await createUser(s, mfaPoolId, 'mona', PW, { phone_number: '+15555550123', phone_number_verified: 'true' });
      const realNow = s.deps.now;
      const frozen = realNow();
      s.deps.now = () => frozen;
      const signIn = () => s.client.send(new InitiateAuthCommand({ ClientId: mfaClientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'mona', PASSWORD: PW } }));
      const answer = (session: string | undefined, code: string) =>
        s.client.send(new RespondToAuthChallengeCommand({ ClientId: mfaClientId, ChallengeName: 'SMS_MFA', Session: session, ChallengeResponses: { USERNAME: 'mona', SMS_MFA_CODE: code } }));
      try {
        // Three sessions, three guesses each, all at once: 9 guesses against a budget of 5.
        const sessions = [(await signIn()).Session, (await signIn()).Session, (await signIn()).Session];
        const right = await latestCode(s, mfaPoolId, 'mona');
        const wrong = (i: number) => String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0');
        const answers = await answersOf(sessions.flatMap((session, k) => [0, 1, 2].map((i) => answer(session, wrong(3 * k + i)))));
        assert.ok(answers.every((a) => a.startsWith('CodeMismatchException: ')), answers.join('\n'));
        // The budget is the user's: a new sign-in's right code is refused until the hour is over.
        const next = await signIn();
        await rejectsWith(answer(next.Session, await latestCode(s, mfaPoolId, 'mona')), 'CodeMismatchException');
        s.deps.now = () => frozen + HOUR;
        const later = await signIn();
        assert.ok((await answer(later.Session, await latestCode(s, mfaPoolId, 'mona'))).AuthenticationResult);
      } finally {
        s.deps.now = realNow;
      }
    });
  });
}
