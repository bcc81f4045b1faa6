import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfirmSignUpCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { purgeExpiredState } from '../src/domain/housekeeping/purge.ts';
import { databases, startTestServer, type TestServer } from './helpers/server.ts';
import { awsError, createClient, createPool, outbox } from './helpers/auth.ts';

const PW = 'Passw0rd!';
const MINUTE = 60_000;

for (const kind of await databases()) {
  describe(`purging expired state (${kind})`, () => {
    let s: TestServer;
    let poolId: string;
    let clientId: string;
    before(async () => {
      s = await startTestServer(kind, { outboxRetentionMs: 10 * MINUTE });
      poolId = await createPool(s, { AutoVerifiedAttributes: ['email'] });
      clientId = (await createClient(s, poolId)).clientId;
    });
    after(async () => {
      await s.close();
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
      await purgeExpiredState(s.deps, t0 + 25 * 60 * MINUTE);
      await assert.rejects(s.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'spam1', ConfirmationCode: code })), awsError('ExpiredCodeException'));
    });
  });

  describe(`the purge schedule (${kind})`, () => {
    let s: TestServer;
    before(async () => {
      s = await startTestServer(kind, { outboxRetentionMs: 1, purgeIntervalMs: 50 });
    });
    after(async () => {
      await s.close();
    });

    it('runs on its own, every purge interval', async () => {
      const poolId = await createPool(s, { AutoVerifiedAttributes: ['email'] });
      const clientId = (await createClient(s, poolId)).clientId;
      await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'late', Password: PW, UserAttributes: [{ Name: 'email', Value: 'late@example.com' }] }));
      for (let i = 0; i < 40 && (await outbox(s, poolId, 'late')).length > 0; i++) await sleep(50);
      assert.equal((await outbox(s, poolId, 'late')).length, 0);
    });
  });
}
