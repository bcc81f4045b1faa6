import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AddCustomAttributesCommand,
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  CreateGroupCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  GetCSVHeaderCommand,
  ListUserPoolsCommand,
  UpdateUserPoolCommand,
  paginateListUserPools,
  type CreateUserPoolCommandInput,
  type SchemaAttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { databases, withServer } from './helpers/server.ts';
import { rejectsWith } from './helpers/errors.ts';

const SNS = { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns-caller', ExternalId: 'ext' };

for (const kind of await databases()) {
  describe(`user pools (${kind})`, () => {
    const s = withServer(kind);

    const create = async (input: Partial<CreateUserPoolCommandInput> = {}): Promise<string> =>
      (await s.client.send(new CreateUserPoolCommand({ PoolName: 'p', ...input }))).UserPool!.Id!;
    const describePool = async (id: string) => (await s.client.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;

    it('creates a pool with AWS defaults and describes it', async () => {
      const created = await s.client.send(new CreateUserPoolCommand({ PoolName: 'demo' }));
      const pool = created.UserPool!;
      assert.match(pool.Id!, /^us-east-1_[0-9a-zA-Z]{9}$/);
      assert.equal(pool.Arn, `arn:aws:cognito-idp:us-east-1:123456789012:userpool/${pool.Id}`);
      assert.equal(pool.Policies?.PasswordPolicy?.MinimumLength, 8);
      assert.equal(pool.MfaConfiguration, 'OFF');
      assert.equal(pool.DeletionProtection, 'INACTIVE');
      assert.deepEqual(pool.UserPoolTags, {});
      assert.ok(pool.CreationDate instanceof Date);
      const described = await describePool(pool.Id!);
      assert.equal(described.Name, 'demo');
      assert.equal(described.EstimatedNumberOfUsers, 0);
      assert.ok(described.SchemaAttributes?.some((a) => a.Name === 'email'));
    });

    it('answers ResourceNotFoundException for an unknown pool', async () => {
      await rejectsWith(s.client.send(new DescribeUserPoolCommand({ UserPoolId: 'us-east-1_nope12345' })), 'ResourceNotFoundException', 'User pool us-east-1_nope12345 does not exist.');
    });

    it('rejects inconsistent settings at creation', async () => {
      await rejectsWith(create({ AliasAttributes: ['email'], UsernameAttributes: ['email'] }), 'InvalidParameterException', /AliasAttributes and UsernameAttributes/);
      await rejectsWith(create({ UsernameAttributes: ['e-mail' as never] }), 'InvalidParameterException', /Member must satisfy enum value set/);
      await rejectsWith(create({ MfaConfiguration: 'ON' }), 'InvalidParameterException', 'SMS configuration and Auto verification for phone_number are required when MFA is required/optional');
      // An SmsConfiguration suffices; phone_number need not be auto-verified (see test/client-shapes.test.ts).
      assert.equal((await describePool(await create({ MfaConfiguration: 'OPTIONAL', SmsConfiguration: SNS }))).MfaConfiguration, 'OPTIONAL');
      const mfa = await create({ MfaConfiguration: 'ON', SmsConfiguration: SNS, AutoVerifiedAttributes: ['phone_number'] });
      assert.equal((await describePool(mfa)).MfaConfiguration, 'ON');
      await rejectsWith(
        create({ AutoVerifiedAttributes: ['phone_number'], UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] } }),
        'InvalidParameterException',
        'All attributes in AttributesRequireVerificationBeforeUpdate must exist in AutoVerifiedAttributes',
      );
      await rejectsWith(create({ UserPoolTags: { 'aws:owner': 'x' } }), 'UserPoolTaggingException', /reserved/);
      const many = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
      await rejectsWith(create({ UserPoolTags: many }), 'UserPoolTaggingException', /at most 50 tags/);
      await rejectsWith(create({ EmailVerificationMessage: 'no placeholder here' }), 'InvalidParameterException');
    });

    it('UpdateUserPool resets omitted settings to their defaults and keeps what AWS keeps', async () => {
      const id = await create({
        PoolName: 'before',
        Policies: { PasswordPolicy: { MinimumLength: 12, RequireSymbols: false } },
        AutoVerifiedAttributes: ['email'],
        LambdaConfig: { PreSignUp: 'arn:aws:lambda:us-east-1:123456789012:function:pre' },
        VerificationMessageTemplate: { EmailMessage: 'Code: {####}', EmailSubject: 'Hi' },
        AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true },
        DeletionProtection: 'ACTIVE',
        UserPoolTags: { team: 'a' },
        UsernameAttributes: ['email'],
        Schema: [{ Name: 'dept', AttributeDataType: 'String' }],
      });
      const before = await describePool(id);
      await new Promise((r) => setTimeout(r, 5));
      const { $metadata: _m, ...out } = await s.client.send(new UpdateUserPoolCommand({ UserPoolId: id, PoolName: 'after' }));
      assert.deepEqual(out, {});
      const after = await describePool(id);
      assert.equal(after.Name, 'after');
      // reset to defaults
      assert.equal(after.AutoVerifiedAttributes, undefined);
      assert.deepEqual(after.LambdaConfig, {});
      assert.equal(after.VerificationMessageTemplate?.EmailMessage, 'Your verification code is {####}. ');
      assert.equal(after.VerificationMessageTemplate?.EmailSubject, 'Your verification code');
      assert.equal(after.AdminCreateUserConfig?.AllowAdminCreateUserOnly, false);
      assert.equal(after.DeviceConfiguration, undefined);
      // kept
      assert.equal(after.Policies?.PasswordPolicy?.MinimumLength, 12);
      assert.equal(after.Policies?.PasswordPolicy?.RequireSymbols, false);
      assert.equal(after.DeletionProtection, 'ACTIVE');
      assert.deepEqual(after.UserPoolTags, { team: 'a' });
      assert.deepEqual(after.UsernameAttributes, ['email']);
      assert.deepEqual(after.UsernameConfiguration, before.UsernameConfiguration);
      assert.deepEqual(after.SchemaAttributes, before.SchemaAttributes);
      assert.ok(after.SchemaAttributes?.some((a) => a.Name === 'custom:dept'));
      assert.equal(after.CreationDate?.getTime(), before.CreationDate?.getTime());
      assert.ok(after.LastModifiedDate!.getTime() > before.LastModifiedDate!.getTime());

      // Explicit values replace: a new password policy is filled with defaults for omitted members.
      await s.client.send(new UpdateUserPoolCommand({ UserPoolId: id, Policies: { PasswordPolicy: { MinimumLength: 10 } }, DeletionProtection: 'INACTIVE', AutoVerifiedAttributes: ['email'] }));
      const again = await describePool(id);
      assert.equal(again.Policies?.PasswordPolicy?.MinimumLength, 10);
      assert.equal(again.Policies?.PasswordPolicy?.RequireSymbols, true);
      assert.equal(again.DeletionProtection, 'INACTIVE');
      assert.deepEqual(again.AutoVerifiedAttributes, ['email']);
      assert.equal(again.Name, 'after');
    });

    it('UpdateUserPool keeps UserAttributeUpdateSettings, so omitting AutoVerifiedAttributes fails as on AWS', async () => {
      const id = await create({ AutoVerifiedAttributes: ['email'], UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] } });
      await rejectsWith(
        s.client.send(new UpdateUserPoolCommand({ UserPoolId: id, DeletionProtection: 'ACTIVE' })),
        'InvalidParameterException',
        'All attributes in AttributesRequireVerificationBeforeUpdate must exist in AutoVerifiedAttributes',
      );
      await s.client.send(new UpdateUserPoolCommand({ UserPoolId: id, AutoVerifiedAttributes: ['email'], DeletionProtection: 'ACTIVE' }));
      assert.deepEqual((await describePool(id)).UserAttributeUpdateSettings, { AttributesRequireVerificationBeforeUpdate: ['email'] });
      await rejectsWith(s.client.send(new UpdateUserPoolCommand({ UserPoolId: id, AutoVerifiedAttributes: ['email'], MfaConfiguration: 'ON' })), 'InvalidParameterException', /SMS configuration/);
    });

    it('UpdateUserPool answers ResourceNotFoundException for an unknown pool', async () => {
      await rejectsWith(s.client.send(new UpdateUserPoolCommand({ UserPoolId: 'us-east-1_missing00' })), 'ResourceNotFoundException', 'User pool us-east-1_missing00 does not exist.');
    });

    it('DeleteUserPool honours DeletionProtection and cascades to everything in the pool', async () => {
      const id = await create({ DeletionProtection: 'ACTIVE' });
      const client = (await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: 'web', GenerateSecret: true }))).UserPoolClient!;
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: id, Username: 'alice', MessageAction: 'SUPPRESS' }));
      await s.client.send(new CreateGroupCommand({ UserPoolId: id, GroupName: 'staff' }));
      await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: id, GroupName: 'staff', Username: 'alice' }));
      await rejectsWith(
        s.client.send(new DeleteUserPoolCommand({ UserPoolId: id })),
        'InvalidParameterException',
        'The user pool cannot be deleted because deletion protection is activated. Deletion protection must be inactivated first.',
      );
      assert.equal((await describePool(id)).Id, id);
      await s.client.send(new UpdateUserPoolCommand({ UserPoolId: id, DeletionProtection: 'INACTIVE' }));
      assert.ok((await s.deps.store.keys.listSigningKeys(id)).length > 0);
      await s.client.send(new DeleteUserPoolCommand({ UserPoolId: id }));
      await rejectsWith(s.client.send(new DescribeUserPoolCommand({ UserPoolId: id })), 'ResourceNotFoundException', `User pool ${id} does not exist.`);
      await rejectsWith(s.client.send(new DescribeUserPoolClientCommand({ UserPoolId: id, ClientId: client.ClientId! })), 'ResourceNotFoundException');
      assert.equal(await s.deps.store.clients.findClientById(client.ClientId!), undefined);
      assert.deepEqual(await s.deps.store.keys.listSigningKeys(id), []);
      assert.equal(await s.deps.store.users.countUsers(id), 0);
      assert.equal(await s.deps.store.groups.findGroup(id, 'staff'), undefined);
      const members = await s.db.selectFrom('group_members').selectAll().where('pool_id', '=', id).execute();
      assert.deepEqual(members, []);
      await rejectsWith(s.client.send(new DeleteUserPoolCommand({ UserPoolId: id })), 'ResourceNotFoundException', `User pool ${id} does not exist.`);
    });

    it('AddCustomAttributes appends custom:<name> attributes with AWS\'s rules', async () => {
      const id = await create();
      await s.client.send(new AddCustomAttributesCommand({
        UserPoolId: id,
        CustomAttributes: [
          { Name: 'dept', AttributeDataType: 'String', StringAttributeConstraints: { MinLength: '1', MaxLength: '64' } },
          { Name: 'age', AttributeDataType: 'Number', Mutable: false, NumberAttributeConstraints: { MinValue: '0', MaxValue: '200' } },
          { Name: 'secret', AttributeDataType: 'String', DeveloperOnlyAttribute: true },
          { Name: 'custom:x', AttributeDataType: 'String' },
        ],
      }));
      const schema = (await describePool(id)).SchemaAttributes!;
      const byName = new Map(schema.map((a) => [a.Name, a]));
      assert.deepEqual(byName.get('custom:dept')?.StringAttributeConstraints, { MinLength: '1', MaxLength: '64' });
      assert.equal(byName.get('custom:age')?.Mutable, false);
      assert.equal(byName.get('custom:age')?.AttributeDataType, 'Number');
      assert.equal(byName.get('dev:custom:secret')?.DeveloperOnlyAttribute, true);
      assert.ok(byName.has('custom:custom:x'), 'AWS prefixes the given name even when it already starts with custom:');

      await rejectsWith(
        s.client.send(new AddCustomAttributesCommand({ UserPoolId: id, CustomAttributes: [{ Name: 'dept', AttributeDataType: 'String' }] })),
        'InvalidParameterException',
        'custom:dept: Existing attribute already has name custom:dept.',
      );
      await rejectsWith(
        s.client.send(new AddCustomAttributesCommand({ UserPoolId: id, CustomAttributes: [{ Name: 'a1', AttributeDataType: 'String' }, { Name: 'a1', AttributeDataType: 'String' }] })),
        'InvalidParameterException',
        'custom:a1: Existing attribute already has name custom:a1.',
      );
      await rejectsWith(
        s.client.send(new AddCustomAttributesCommand({ UserPoolId: id, CustomAttributes: [{ Name: 'req', AttributeDataType: 'String', Required: true }] })),
        'InvalidParameterException',
        'Required custom attributes are not supported currently.',
      );
      const tooMany: SchemaAttributeType[] = Array.from({ length: 26 }, (_, i) => ({ Name: `m${i}`, AttributeDataType: 'String' }));
      await rejectsWith(s.client.send(new AddCustomAttributesCommand({ UserPoolId: id, CustomAttributes: tooMany })), 'InvalidParameterException', /customAttributes.*length less than or equal to 25/);
      // 4 exist; 25 + 22 = 51 > 50
      await s.client.send(new AddCustomAttributesCommand({ UserPoolId: id, CustomAttributes: tooMany.slice(0, 25) }));
      await rejectsWith(
        s.client.send(new AddCustomAttributesCommand({ UserPoolId: id, CustomAttributes: Array.from({ length: 22 }, (_, i) => ({ Name: `n${i}`, AttributeDataType: 'String' })) })),
        'InvalidParameterException',
        /at most 50 custom attributes/,
      );
      assert.equal((await describePool(id)).SchemaAttributes!.length, schema.length + 25);
      await rejectsWith(s.client.send(new AddCustomAttributesCommand({ UserPoolId: 'us-east-1_missing00', CustomAttributes: [{ Name: 'z' }] })), 'ResourceNotFoundException');
    });

    it('GetCSVHeader lists the fixed columns and the custom attributes, not developer-only ones', async () => {
      const id = await create({ Schema: [{ Name: 'dept', AttributeDataType: 'String' }, { Name: 'hidden', AttributeDataType: 'String', DeveloperOnlyAttribute: true }] });
      const out = await s.client.send(new GetCSVHeaderCommand({ UserPoolId: id }));
      assert.equal(out.UserPoolId, id);
      const header = out.CSVHeader!;
      for (const col of ['name', 'given_name', 'family_name', 'email', 'email_verified', 'phone_number', 'phone_number_verified', 'updated_at', 'cognito:mfa_enabled', 'cognito:username', 'custom:dept']) {
        assert.ok(header.includes(col), col);
      }
      assert.ok(!header.some((c) => c.includes('hidden')));
      assert.ok(!header.includes('sub'));
      await rejectsWith(s.client.send(new GetCSVHeaderCommand({ UserPoolId: 'us-east-1_missing00' })), 'ResourceNotFoundException');
    });
  });

  describe(`ListUserPools (${kind})`, () => {
    const s = withServer(kind);

    it('pages through the region\'s pools without repeats or skips', async () => {
      const ids = new Set<string>();
      for (let i = 0; i < 7; i++) ids.add((await s.client.send(new CreateUserPoolCommand({ PoolName: `pool-${i}`, LambdaConfig: i === 0 ? { PreSignUp: 'arn:aws:lambda:us-east-1:123456789012:function:f' } : {} }))).UserPool!.Id!);
      // a pool of another region is not listed in us-east-1
      const west = new CognitoIdentityProviderClient({ region: 'us-west-2', endpoint: s.url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' }, maxAttempts: 1 });
      const westId = (await west.send(new CreateUserPoolCommand({ PoolName: 'west' }))).UserPool!.Id!;
      assert.match(westId, /^us-west-2_/);

      const pages: string[][] = [];
      let token: string | undefined;
      do {
        const page = await s.client.send(new ListUserPoolsCommand({ MaxResults: 3, ...(token ? { NextToken: token } : {}) }));
        pages.push(page.UserPools!.map((p) => p.Id!));
        for (const p of page.UserPools!) {
          assert.deepEqual(Object.keys(p).sort(), ['CreationDate', 'Id', 'LambdaConfig', 'LastModifiedDate', 'Name']);
          assert.ok(p.CreationDate instanceof Date);
        }
        token = page.NextToken;
      } while (token);
      assert.deepEqual(pages.map((p) => p.length), [3, 3, 1]);
      const seen = pages.flat();
      assert.equal(new Set(seen).size, seen.length);
      assert.deepEqual(new Set(seen), ids);

      const all: string[] = [];
      for await (const page of paginateListUserPools({ client: s.client, pageSize: 2 }, { MaxResults: 2 })) all.push(...page.UserPools!.map((p) => p.Id!));
      assert.deepEqual(new Set(all), ids);
      const withLambda = (await s.client.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools!.find((p) => p.Name === 'pool-0');
      assert.equal(withLambda?.LambdaConfig?.PreSignUp, 'arn:aws:lambda:us-east-1:123456789012:function:f');

      const westList = await west.send(new ListUserPoolsCommand({ MaxResults: 60 }));
      assert.deepEqual(westList.UserPools!.map((p) => p.Id), [westId]);
      assert.equal(westList.NextToken, undefined);
      west.destroy();
    });

    it('validates MaxResults and NextToken', async () => {
      await rejectsWith(s.client.send(new ListUserPoolsCommand({ MaxResults: 0 })), 'InvalidParameterException', /maxResults/);
      await rejectsWith(s.client.send(new ListUserPoolsCommand({ MaxResults: 61 })), 'InvalidParameterException', /maxResults/);
      await rejectsWith(s.client.send(new ListUserPoolsCommand({ MaxResults: 10, NextToken: 'garbage' })), 'InvalidParameterException');
    });
  });
}
