import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AdminSetUserPasswordCommand,
  AdminUserGlobalSignOutCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { purgeExpiredState } from '../src/domain/housekeeping/purge.ts';
import { databases, withServer } from './helpers/server.ts';
import { awsError, rejectsWith } from './helpers/errors.ts';
import { createClient, createPool, createUser, latestCode, outbox } from './helpers/auth.ts';

const PW = 'Passw0rd!';
const MINUTE = 60_000;

for (const kind of await databases()) {
  describe(`purging expired state (${kind})`, () => {
    const s = withServer(kind, { outboxRetentionMs: 10 * MINUTE });
    let poolId: string;
    let clientId: string;
    before(async () => {
      poolId = await createPool(s, { AutoVerifiedAttributes: ['email'] });
      clientId = (await createClient(s, poolId)).clientId;
    });

    const signUp = async (username: string) => {
      await s.client.send(new SignUpCommand({ ClientId: clientId, Username: username, Password: PW, UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }));
      const [msg] = await outbox(s, poolId, username);
      return msg!.code!;
    };

    it('keeps fresh codes and messages; drops messages past retention, then expired codes', async () => {
      const code = await signUp('spam1');
      const t0 = s.deps.now();
      await purgeExpiredState(s.deps, t0 + 5 * MINUTE);
      assert.equal((await outbox(s, poolId, 'spam1')).length, 1, 'a message within retention stays');
      await purgeExpiredState(s.deps, t0 + 11 * MINUTE);
      assert.equal((await outbox(s, poolId, 'spam1')).length, 0, 'a message past retention is gone');
      // The sign-up code (valid 24 hours) outlives the message: it still confirms.
      const code2 = await signUp('spam2');
      await purgeExpiredState(s.deps, t0 + 11 * MINUTE);
      await s.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'spam2', ConfirmationCode: code2 }));
      // A day and more later the unconfirmed user's code is expired and purged.
      const codes = async () => (await s.db.selectFrom('codes').select('purpose').where('pool_id', '=', poolId).execute()).length;
      assert.equal(await codes(), 1, "spam1's unexpired code is kept");
      await purgeExpiredState(s.deps, t0 + 25 * 60 * MINUTE);
      assert.equal(await codes(), 0, 'the expired code is deleted');
      await assert.rejects(s.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'spam1', ConfirmationCode: code })), awsError('ExpiredCodeException'));
    });

    it('drops attempt counters a day after their window started, and keeps current ones', async () => {
      await signUp('spam3');
      const counters = async () => (await s.db.selectFrom('attempt_counters').select('kind').where('pool_id', '=', poolId).execute()).length;
      const before = await counters();
      assert.ok(before > 0, 'signing up counts an issued code');
      await purgeExpiredState(s.deps, s.deps.now() + 60 * MINUTE);
      assert.equal(await counters(), before, 'a counter of the last day stays');
      await purgeExpiredState(s.deps, s.deps.now() + 25 * 60 * MINUTE);
      assert.equal(await counters(), 0);
    });
  });

  describe(`password changes and sign-out vs existing sessions (${kind})`, () => {
    const s = withServer(kind);
    let poolId: string;
    let clientId: string;
    before(async () => {
      poolId = await createPool(s, { AutoVerifiedAttributes: ['email'] });
      clientId = (await createClient(s, poolId)).clientId;
    });

    const signIn = async (username: string, password: string) =>
      (await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }))).AuthenticationResult!;
    const refreshes = (token: string) => s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: token } }));

    // The ChangePassword, AdminSetUserPassword and ConfirmForgotPassword API references say nothing
    // about existing tokens (only GlobalSignOut / AdminUserGlobalSignOut / RevokeToken revoke): they stay valid.
    it('ChangePassword, AdminSetUserPassword and ConfirmForgotPassword leave existing refresh tokens working', async () => {
      await createUser(s, poolId, 'pat', PW, { email: 'pat@example.com', email_verified: 'true' });
      const t = await signIn('pat', PW);
      await s.client.send(new ChangePasswordCommand({ AccessToken: t.AccessToken!, PreviousPassword: PW, ProposedPassword: 'Passw0rd!2' }));
      assert.ok((await refreshes(t.RefreshToken!)).AuthenticationResult?.AccessToken);
      await s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'pat', Password: 'Passw0rd!3', Permanent: true }));
      assert.ok((await refreshes(t.RefreshToken!)).AuthenticationResult?.AccessToken);
      await s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'pat' }));
      await s.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'pat', ConfirmationCode: await latestCode(s, poolId, 'pat'), Password: 'Passw0rd!4' }));
      assert.ok((await refreshes(t.RefreshToken!)).AuthenticationResult?.AccessToken);
      // The way to end every session after a password change is a global sign-out.
      await s.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'pat' }));
      await rejectsWith(refreshes(t.RefreshToken!), 'NotAuthorizedException', 'Refresh Token has been revoked');
    });
  });

  describe(`the purge schedule (${kind})`, () => {
    const s = withServer(kind, { outboxRetentionMs: 1, purgeIntervalMs: 50 });

    it('runs on its own, every purge interval', async () => {
      const poolId = await createPool(s, { AutoVerifiedAttributes: ['email'] });
      const clientId = (await createClient(s, poolId)).clientId;
      await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'late', Password: PW, UserAttributes: [{ Name: 'email', Value: 'late@example.com' }] }));
      for (let i = 0; i < 40 && (await outbox(s, poolId, 'late')).length > 0; i++) await sleep(50);
      assert.equal((await outbox(s, poolId, 'late')).length, 0);
    });
  });
}
