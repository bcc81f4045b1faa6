// Call shapes that clients and test suites written elsewhere send (issue 9): AdminCreateUser with
// only a Username, SMS MFA without an auto-verified phone number, standard attributes redefined in
// a pool's Schema, and schema-violation messages in AWS's form. SDK v3 on each database; boto3 once.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import {
  AdminCreateUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  ForgotPasswordCommand,
  ResendConfirmationCodeCommand,
  SignUpCommand,
  UpdateUserPoolCommand,
  type CreateUserPoolCommandInput,
  type SchemaAttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { databases, withServer } from './helpers/server.ts';
import { rejectsWith } from './helpers/errors.ts';
import { createClient, outbox } from './helpers/auth.ts';

const SNS = { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns-caller', ExternalId: 'ext' };

for (const kind of await databases()) {
  describe(`client call shapes (${kind})`, () => {
    const s = withServer(kind);

    const createPool = async (input: Partial<CreateUserPoolCommandInput> = {}): Promise<string> =>
      (await s.client.send(new CreateUserPoolCommand({ PoolName: 'shapes', ...input }))).UserPool!.Id!;
    const schemaOf = async (id: string, name: string): Promise<SchemaAttributeType | undefined> =>
      (await s.client.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!.SchemaAttributes!.find((a) => a.Name === name);

    it('AdminCreateUser with only a Username creates the user and sends no invitation', async () => {
      const pool = await createPool();
      const r = await s.client.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: 'only-name' }));
      assert.equal(r.User!.Username, 'only-name');
      assert.equal(r.User!.UserStatus, 'FORCE_CHANGE_PASSWORD');
      assert.deepEqual(await outbox(s, pool, 'only-name'), []);
      // MessageAction=RESEND follows the same default: no destination, nothing sent, no error.
      const again = await s.client.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: 'only-name', MessageAction: 'RESEND' }));
      assert.equal(again.User!.UserStatus, 'FORCE_CHANGE_PASSWORD');
      assert.deepEqual(await outbox(s, pool, 'only-name'), []);
      await rejectsWith(
        s.client.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: 'only-name', MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'] })),
        'InvalidParameterException', 'No email provided but desired delivery medium was Email',
      );
    });

    it('neighbouring defaults without a destination: SignUp, ResendConfirmationCode, ForgotPassword, AdminResetUserPassword', async () => {
      const pool = await createPool();
      const { clientId } = await createClient(s, pool);
      // No auto-verified attributes: SignUp creates an unconfirmed user and sends no code.
      const up = await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'quiet', Password: 'Passw0rd!ok', UserAttributes: [{ Name: 'email', Value: 'quiet@example.com' }] }));
      assert.equal(up.UserConfirmed, false);
      assert.equal(up.CodeDeliveryDetails, undefined);
      assert.deepEqual(await outbox(s, pool, 'quiet'), []);
      await rejectsWith(
        s.client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'quiet' })),
        'InvalidParameterException', 'Cannot resend codes. Auto verification not turned on.',
      );
      // A confirmed user with no verified email or phone number: no reset code can be sent.
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: 'nocontact' }));
      await s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: pool, Username: 'nocontact', Password: 'Passw0rd!ok', Permanent: true }));
      const noDestination = 'Cannot reset password for the user as there is no registered/verified email or phone_number';
      await rejectsWith(s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'nocontact' })), 'InvalidParameterException', noDestination);
      await rejectsWith(s.client.send(new AdminResetUserPasswordCommand({ UserPoolId: pool, Username: 'nocontact' })), 'InvalidParameterException', noDestination);
      assert.deepEqual(await outbox(s, pool, 'nocontact'), []);
    });

    it('accepts SMS MFA (ON / OPTIONAL) with an SmsConfiguration but phone_number not auto-verified', async () => {
      const on = await createPool({ MfaConfiguration: 'ON', SmsConfiguration: SNS });
      assert.equal((await s.client.send(new DescribeUserPoolCommand({ UserPoolId: on }))).UserPool!.MfaConfiguration, 'ON');
      const optional = await createPool({ MfaConfiguration: 'OPTIONAL', SmsConfiguration: SNS, AutoVerifiedAttributes: ['email'] });
      assert.equal((await s.client.send(new DescribeUserPoolCommand({ UserPoolId: optional }))).UserPool!.MfaConfiguration, 'OPTIONAL');
      const plain = await createPool();
      await s.client.send(new UpdateUserPoolCommand({ UserPoolId: plain, MfaConfiguration: 'OPTIONAL', SmsConfiguration: SNS }));
      assert.equal((await s.client.send(new DescribeUserPoolCommand({ UserPoolId: plain }))).UserPool!.MfaConfiguration, 'OPTIONAL');
      // Without an SmsConfiguration (and no other factor) it is still refused.
      await rejectsWith(createPool({ MfaConfiguration: 'ON' }), 'InvalidParameterException', /SMS configuration/);
      await rejectsWith(s.client.send(new UpdateUserPoolCommand({ UserPoolId: plain, MfaConfiguration: 'ON' })), 'InvalidParameterException', /SMS configuration/);
    });

    it('validates, stores and describes the constraints of standard attributes as it does custom ones', async () => {
      const pool = await createPool({
        Schema: [
          { Name: 'email', AttributeDataType: 'String', Required: true, Mutable: true, StringAttributeConstraints: { MinLength: '5', MaxLength: '64' } },
          { Name: 'updated_at', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '10', MaxValue: '99999999999' } },
          { Name: 'nickname', StringAttributeConstraints: { MaxLength: '8' } },
        ],
      });
      const email = await schemaOf(pool, 'email');
      assert.equal(email!.Required, true);
      assert.deepEqual(email!.StringAttributeConstraints, { MinLength: '5', MaxLength: '64' });
      assert.deepEqual((await schemaOf(pool, 'updated_at'))!.NumberAttributeConstraints, { MinValue: '10', MaxValue: '99999999999' });
      assert.deepEqual((await schemaOf(pool, 'nickname'))!.StringAttributeConstraints, { MinLength: '0', MaxLength: '8' });

      const bad = (a: SchemaAttributeType) => createPool({ Schema: [a] });
      await rejectsWith(bad({ Name: 'email', StringAttributeConstraints: { MaxLength: '2049' } }), 'InvalidParameterException', /StringAttributeConstraints for email/);
      await rejectsWith(bad({ Name: 'email', StringAttributeConstraints: { MinLength: '10', MaxLength: '5' } }), 'InvalidParameterException', /StringAttributeConstraints for email/);
      await rejectsWith(bad({ Name: 'name', StringAttributeConstraints: { MaxLength: 'ten' } }), 'InvalidParameterException', 'MaxLength must be an integer, got "ten".');
      await rejectsWith(bad({ Name: 'updated_at', NumberAttributeConstraints: { MinValue: '5', MaxValue: '1' } }), 'InvalidParameterException', /NumberAttributeConstraints for updated_at/);
      await rejectsWith(bad({ Name: 'updated_at', NumberAttributeConstraints: { MaxValue: '1.5e3' } }), 'InvalidParameterException', 'MaxValue must be an integer, got "1.5e3".');

      // The stored constraints are enforced on writes, with AWS's schema-violation message.
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: 'ok', UserAttributes: [{ Name: 'email', Value: 'ok@example.com' }] }));
      await rejectsWith(
        s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool, Username: 'ok', UserAttributes: [{ Name: 'nickname', Value: 'much-too-long' }] })),
        'InvalidParameterException', 'Attributes did not conform to the schema: nickname: String must be no longer than 8 characters\n',
      );
      await rejectsWith(
        s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool, Username: 'ok', UserAttributes: [{ Name: 'updated_at', Value: '3' }] })),
        'InvalidParameterException', 'Attributes did not conform to the schema: updated_at: Number must be no less than 10\n',
      );
    });

    it("refuses to change a standard attribute's type or make it developer-only, in AWS's words", async () => {
      await rejectsWith(
        createPool({ Schema: [{ Name: 'email', AttributeDataType: 'Number' }] }),
        'InvalidParameterException', 'You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email',
      );
      await rejectsWith(
        createPool({ Schema: [{ Name: 'updated_at', AttributeDataType: 'Number', DeveloperOnlyAttribute: true }] }),
        'InvalidParameterException', 'You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute updated_at',
      );
    });

    it('reports a missing required attribute at sign-up in the same form', async () => {
      const pool = await createPool({ Schema: [{ Name: 'email', Required: true }, { Name: 'name', Required: true }] });
      const { clientId } = await createClient(s, pool);
      await rejectsWith(
        s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'nomail', Password: 'Passw0rd!ok' })),
        'InvalidParameterException', 'Attributes did not conform to the schema: name: The attribute is required\nemail: The attribute is required\n',
      );
    });
  });
}

const hasBoto3 = spawnSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0;
if (!hasBoto3) console.warn('\n!!! python3 with boto3 not found: boto3 client-shape tests are SKIPPED !!!\n');

describe('client call shapes with boto3', { skip: !hasBoto3 && 'boto3 not installed' }, () => {
  const s = withServer('sqlite');

  it('admin_create_user with only a Username; schema errors as AWS words them', async () => {
    const code = `
import json, os, boto3
from botocore.exceptions import ClientError
from botocore.config import Config
c = boto3.client('cognito-idp', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1',
                 aws_access_key_id='x', aws_secret_access_key='y', config=Config(retries={'max_attempts': 1}))
pool = c.create_user_pool(PoolName='py', Schema=[{'Name': 'nickname', 'StringAttributeConstraints': {'MaxLength': '4'}}])['UserPool']['Id']
user = c.admin_create_user(UserPoolId=pool, Username='bob')['User']
errors = []
for call in [lambda: c.admin_update_user_attributes(UserPoolId=pool, Username='bob', UserAttributes=[{'Name': 'nickname', 'Value': 'bobby'}]),
             lambda: c.create_user_pool(PoolName='x', Schema=[{'Name': 'email', 'AttributeDataType': 'Number'}])]:
    try:
        call()
    except ClientError as e:
        errors.append([e.response['Error']['Code'], e.response['Error']['Message']])
print(json.dumps({'status': user['UserStatus'], 'errors': errors}))
`;
    const env = { PATH: process.env['PATH'], HOME: process.env['HOME'], ENDPOINT: s.url, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true' };
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile('python3', ['-c', code], { env, timeout: 60_000 }, (e, out, err) => (e ? reject(new Error(`python failed: ${err}`)) : resolve(out))),
    );
    const r = JSON.parse(stdout.trim().split('\n').pop()!) as { status: string; errors: string[][] };
    assert.equal(r.status, 'FORCE_CHANGE_PASSWORD');
    assert.deepEqual(r.errors, [
      ['InvalidParameterException', 'Attributes did not conform to the schema: nickname: String must be no longer than 4 characters\n'],
      ['InvalidParameterException', 'You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute email'],
    ]);
  });
});
