import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateUserPoolCommand, DescribeUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { databases, startTestServer, type TestServer } from './helpers/server.ts';

for (const kind of await databases()) {
  describe(`user pools (${kind})`, () => {
    let s: TestServer;
    before(async () => {
      s = await startTestServer(kind);
    });
    after(async () => {
      await s.close();
    });

    it('creates a pool with AWS defaults and describes it', async () => {
      const created = await s.client.send(new CreateUserPoolCommand({ PoolName: 'demo' }));
      const pool = created.UserPool!;
      assert.match(pool.Id!, /^us-east-1_[0-9a-zA-Z]{9}$/);
      assert.equal(pool.Arn, `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${pool.Id}`);
      assert.equal(pool.Policies?.PasswordPolicy?.MinimumLength, 8);
      assert.equal(pool.MfaConfiguration, 'OFF');
      assert.ok(pool.CreationDate instanceof Date);
      const described = await s.client.send(new DescribeUserPoolCommand({ UserPoolId: pool.Id }));
      assert.equal(described.UserPool?.Name, 'demo');
      assert.equal(described.UserPool?.EstimatedNumberOfUsers, 0);
      assert.ok(described.UserPool?.SchemaAttributes?.some((a) => a.Name === 'email'));
    });

    it('answers ResourceNotFoundException for an unknown pool', async () => {
      await assert.rejects(s.client.send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_nope12345' })), (e: Error) => {
        assert.equal(e.name, 'ResourceNotFoundException');
        assert.equal(e.message, 'User pool us-east-1_nope12345 does not exist.');
        return true;
      });
    });
  });
}
