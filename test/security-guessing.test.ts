import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { InitiateAuthCommand } from '@aws-sdk/client-cognito-identity-provider';
import { databases, startTestServer, type TestServer } from './helpers/server.ts';
import { awsError, createClient, createPool, createUser } from './helpers/auth.ts';

const PW = 'Passw0rd!';

for (const kind of await databases()) {
  describe(`guessing (${kind})`, () => {
    let s: TestServer;
    let poolId: string;
    let clientId: string;
    before(async () => {
      s = await startTestServer(kind);
      poolId = await createPool(s);
      clientId = (await createClient(s, poolId)).clientId;
    });
    after(async () => {
      await s.close();
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
        await assert.rejects(passwordAuth('paula', PW), awsError('NotAuthorizedException', 'Password attempts exceeded'));
        // After the 1-second back-off, one more attempt is checked (and the right password lets her in).
        s.deps.now = () => frozen + 1_001;
        assert.ok((await passwordAuth('paula', PW)).AuthenticationResult);
      } finally {
        s.deps.now = realNow;
      }
    });
  });
}
