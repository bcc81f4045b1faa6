import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ListTagsForResourceCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { databases, withServer } from './helpers/server.ts';
import { rejectsWith } from './helpers/errors.ts';

for (const kind of await databases()) {
  describe(`tags (${kind})`, () => {
    const s = withServer(kind);
    let poolId: string;
    let arn: string;
    before(async () => {
      const pool = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'tagged', UserPoolTags: { team: 'identity', env: 'dev' } }))).UserPool!;
      poolId = pool.Id!;
      arn = pool.Arn!;
    });

    const list = async (): Promise<Record<string, string>> => (await s.client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags ?? {};

    it('lists the tags given at creation', async () => {
      assert.equal(arn, `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${poolId}`);
      assert.deepEqual(await list(), { team: 'identity', env: 'dev' });
    });

    it('adds and overwrites tags, visible in DescribeUserPool too', async () => {
      const { $metadata: _m, ...out } = await s.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { env: 'prod', 'cost center': 'a/b+c=d@e.f:g_h-i', empty: '' } }));
      assert.deepEqual(out, {});
      const expected = { team: 'identity', env: 'prod', 'cost center': 'a/b+c=d@e.f:g_h-i', empty: '' };
      assert.deepEqual(await list(), expected);
      assert.deepEqual((await s.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool!.UserPoolTags, expected);
    });

    it('removes tags, ignoring keys the pool does not have', async () => {
      await s.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['empty', 'cost center', 'never-there'] }));
      assert.deepEqual(await list(), { team: 'identity', env: 'prod' });
    });

    it('keeps tags across an UpdateUserPool that omits them, and replaces them when given', async () => {
      await s.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId }));
      assert.deepEqual(await list(), { team: 'identity', env: 'prod' });
      await s.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId, UserPoolTags: { only: 'this' } }));
      assert.deepEqual(await list(), { only: 'this' });
    });

    it('loses no update when many requests tag the pool at once', async () => {
      const keys = Array.from({ length: 12 }, (_, i) => `c${i}`);
      await Promise.all(keys.map((k) => s.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { [k]: k } }))));
      const tags = await list();
      for (const k of keys) assert.equal(tags[k], k);
      await s.client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: keys }));
    });

    it('enforces AWS\'s tag rules', async () => {
      await rejectsWith(s.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { 'aws:createdBy': 'me' } })), 'InvalidParameterException', /reserved/);
      await rejectsWith(s.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { 'bad#key': 'v' } })), 'InvalidParameterException', /Invalid tag key/);
      await rejectsWith(s.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { k: 'bad*value' } })), 'InvalidParameterException', /Invalid value for tag k/);
      await rejectsWith(s.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { ['k'.repeat(129)]: 'v' } })), 'InvalidParameterException', /Member must have length less than or equal to 128/);
      await rejectsWith(s.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { k: 'v'.repeat(257) } })), 'InvalidParameterException', /Member must have length less than or equal to 256/);
      const fifty = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`t${i}`, 'v']));
      await s.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: fifty }));
      assert.equal(Object.keys(await list()).length, 50);
      await rejectsWith(s.client.send(new TagResourceCommand({ ResourceArn: arn, Tags: { one: 'more' } })), 'InvalidParameterException', /at most 50 tags/);
      assert.equal(Object.keys(await list()).length, 50);
    });

    it('answers ResourceNotFoundException for pools that do not exist here', async () => {
      const missing = 'arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_missing00';
      for (const resource of [missing, arn.replace(':123456789012:', ':999999999999:'), arn.replace('us-east-1:', 'eu-west-1:')]) {
        await rejectsWith(s.client.send(new ListTagsForResourceCommand({ ResourceArn: resource })), 'ResourceNotFoundException', /User pool .* does not exist\./);
      }
      await rejectsWith(s.client.send(new TagResourceCommand({ ResourceArn: missing, Tags: { a: 'b' } })), 'ResourceNotFoundException', 'User pool us-east-1_missing00 does not exist.');
      await rejectsWith(s.client.send(new UntagResourceCommand({ ResourceArn: missing, TagKeys: ['a'] })), 'ResourceNotFoundException', 'User pool us-east-1_missing00 does not exist.');
    });

    it('answers InvalidParameterException for ARNs that are not user pool ARNs', async () => {
      for (const resource of [
        'arn:aws:s3:us-east-1:123456789012:bucket/x',
        `arn:aws:cognito-idp:us-east-1:123456789012:userpoolclient/${poolId}`,
        'arn:aws:cognito-identity:us-east-1:123456789012:identitypool/us-east-1:abc',
      ]) {
        await rejectsWith(s.client.send(new ListTagsForResourceCommand({ ResourceArn: resource })), 'InvalidParameterException', /Invalid ARN/);
      }
      await rejectsWith(s.client.send(new ListTagsForResourceCommand({ ResourceArn: 'not-an-arn-at-all-xyz' })), 'InvalidParameterException', /resourceArn.*regular expression pattern/);
    });
  });
}
