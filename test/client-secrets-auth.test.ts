import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { AddUserPoolClientSecretCommand, DeleteUserPoolClientSecretCommand, InitiateAuthCommand, ListUserPoolClientSecretsCommand } from '@aws-sdk/client-cognito-identity-provider';
import { databases, withServer } from './helpers/server.ts';
import { rejectsWith } from './helpers/errors.ts';
import { createClient, createPool, createUser } from './helpers/auth.ts';

const secretHash = (secret: string, username: string, clientId: string): string => createHmac('sha256', secret).update(username + clientId).digest('base64');

for (const kind of await databases()) {
  describe(`sign-in with a rotated client secret (${kind})`, () => {
    const s = withServer(kind);

    it('accepts SECRET_HASH from either active secret, and only active ones', async () => {
      const poolId = await createPool(s);
      const { clientId, secret } = await createClient(s, poolId, { GenerateSecret: true });
      await createUser(s, poolId, 'rita', 'Passw0rd!x');
      const signIn = (key: string) =>
        s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'rita', PASSWORD: 'Passw0rd!x', SECRET_HASH: secretHash(key, 'rita', clientId) } }));

      const second = 'a'.repeat(10) + 'secondsecretvalue0123456789';
      await s.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecret: second }));
      assert.ok((await signIn(secret!)).AuthenticationResult?.AccessToken);
      assert.ok((await signIn(second)).AuthenticationResult?.AccessToken);
      await rejectsWith(signIn('not-a-secret-of-this-client-000'), 'NotAuthorizedException', `Unable to verify secret hash for client ${clientId}`);

      const listed = await s.client.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId }));
      const first = listed.ClientSecrets!.find((d) => d.ClientSecretValue === undefined && d.ClientSecretId !== undefined)!;
      await s.client.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecretId: listed.ClientSecrets![0]!.ClientSecretId! }));
      assert.ok(first);
      const remaining = (await s.client.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId }))).ClientSecrets!;
      assert.equal(remaining.length, 1);
      // Exactly one of the two secrets still signs in.
      const results = await Promise.allSettled([signIn(secret!), signIn(second)]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    });
  });
}
