import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminConfirmSignUpCommand,
  AdminCreateUserCommand,
  AdminDeleteUserAttributesCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  AdminSetUserSettingsCommand,
  AdminUpdateUserAttributesCommand,
  CreateUserPoolCommand,
  type AdminCreateUserCommandInput,
  type AttributeType,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { databases, withServer } from './helpers/server.ts';
import { rejectsWith } from './helpers/errors.ts';
import { outbox } from './helpers/auth.ts';
import { verifyPassword } from '../src/domain/users/password.ts';

const PASSWORD = 'Temp-pass1';

const attr = (attrs: AttributeType[] | undefined, name: string): string | undefined => attrs?.find((a) => a.Name === name)?.Value;

for (const kind of await databases()) {
  describe(`users (${kind})`, () => {
    const s = withServer(kind);
    let poolId: string;
    let counter = 0;

    const newPool = async (input: Partial<CreateUserPoolCommandInput> = {}): Promise<string> => {
      const r = await s.client.send(new CreateUserPoolCommand({ PoolName: `p${++counter}`, ...input }));
      return r.UserPool!.Id!;
    };
    const create = (input: Partial<AdminCreateUserCommandInput> & { Username: string }, pool = poolId) =>
      s.client.send(new AdminCreateUserCommand({ UserPoolId: pool, MessageAction: 'SUPPRESS', TemporaryPassword: PASSWORD, ...input }));
    const getUser = (username: string, pool = poolId) => s.client.send(new AdminGetUserCommand({ UserPoolId: pool, Username: username }));
    const row = async (pool: string, username: string) => {
      const pool_ = (await s.deps.store.pools.findPool(pool))!;
      const { resolveUser } = await import('../src/domain/users/resolve.ts');
      return { pool: pool_, user: (await resolveUser(s.deps.store, pool_, username))! };
    };

    before(async () => {
      poolId = await newPool({ Schema: [{ Name: 'age', AttributeDataType: 'Number', NumberAttributeConstraints: { MinValue: '0', MaxValue: '150' } }, { Name: 'code', AttributeDataType: 'String', Mutable: false, StringAttributeConstraints: { MinLength: '2', MaxLength: '5' } }] });
    });

    describe('AdminCreateUser', () => {
      it('creates a FORCE_CHANGE_PASSWORD user with sub first and string booleans', async () => {
        const before = Date.now();
        const r = await create({ Username: 'alice', UserAttributes: [{ Name: 'email', Value: 'Alice@Example.com' }, { Name: 'email_verified', Value: 'True' }, { Name: 'custom:age', Value: '42' }] });
        const u = r.User!;
        assert.equal(u.Username, 'alice');
        assert.equal(u.UserStatus, 'FORCE_CHANGE_PASSWORD');
        assert.equal(u.Enabled, true);
        assert.equal(u.MFAOptions, undefined);
        assert.ok(u.UserCreateDate instanceof Date && u.UserCreateDate.getTime() >= before - 1000);
        assert.equal(u.Attributes![0]!.Name, 'sub');
        assert.match(u.Attributes![0]!.Value!, /^[0-9a-f-]{36}$/);
        assert.equal(attr(u.Attributes, 'email'), 'Alice@Example.com');
        assert.equal(attr(u.Attributes, 'email_verified'), 'true');
        assert.equal(attr(u.Attributes, 'custom:age'), '42');
        const got = await getUser('ALICE');
        assert.equal(got.Username, 'alice');
        assert.equal(got.UserAttributes![0]!.Name, 'sub');
        assert.equal(got.UserAttributes![0]!.Value, u.Attributes![0]!.Value);
        assert.deepEqual(got.UserCreateDate, u.UserCreateDate);
        // the sub is accepted as Username too
        assert.equal((await getUser(u.Attributes![0]!.Value!)).Username, 'alice');
        const { user, pool } = await row(poolId, 'alice');
        assert.ok(user.tempPasswordExpiresAt! - user.createdAt === 7 * 86_400_000);
        assert.ok(verifyPassword(user, pool, PASSWORD, s.deps.masterKey));
        assert.ok(!verifyPassword(user, pool, 'Wrong-pass1', s.deps.masterKey));
      });

      it('refuses a taken username, case-insensitively by default', async () => {
        await create({ Username: 'bob' });
        await rejectsWith(create({ Username: 'bob' }), 'UsernameExistsException', 'User account already exists');
        await rejectsWith(create({ Username: 'BOB' }), 'UsernameExistsException', 'User account already exists');
      });

      it('is case-sensitive when the pool says so', async () => {
        const pool = await newPool({ UsernameConfiguration: { CaseSensitive: true } });
        await create({ Username: 'Carol' }, pool);
        await create({ Username: 'carol' }, pool);
        assert.equal((await getUser('Carol', pool)).Username, 'Carol');
        assert.equal((await getUser('carol', pool)).Username, 'carol');
        await rejectsWith(getUser('CAROL', pool), 'UserNotFoundException', 'User does not exist.');
      });

      it('checks a given temporary password against the policy and generates one otherwise', async () => {
        await rejectsWith(create({ Username: 'weak', TemporaryPassword: 'short' }), 'InvalidPasswordException', 'Password did not conform with policy: Password not long enough');
        await rejectsWith(create({ Username: 'weak', TemporaryPassword: 'alllowercase1!' }), 'InvalidPasswordException', 'Password did not conform with policy: Password must have uppercase characters');
        const pool = await newPool({ Policies: { PasswordPolicy: { MinimumLength: 10, TemporaryPasswordValidityDays: 3 } } });
        const r = await s.client.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: 'gen', MessageAction: 'SUPPRESS' }));
        assert.equal(r.User!.UserStatus, 'FORCE_CHANGE_PASSWORD');
        const { user } = await row(pool, 'gen');
        assert.ok(user.passwordSealed !== null);
        assert.equal(user.tempPasswordExpiresAt! - user.createdAt, 3 * 86_400_000);
      });

      it('validates attributes against the schema', async () => {
        await rejectsWith(create({ Username: 'x1', UserAttributes: [{ Name: 'foo', Value: 'bar' }] }), 'InvalidParameterException', 'Invalid user attributes: user.foo: Attribute does not exist in the schema.');
        await rejectsWith(create({ Username: 'x1', UserAttributes: [{ Name: 'custom:nope', Value: 'bar' }] }), 'InvalidParameterException', 'Invalid user attributes: user.custom:nope: Attribute does not exist in the schema.');
        await rejectsWith(create({ Username: 'x1', UserAttributes: [{ Name: 'sub', Value: 'abc' }] }), 'InvalidParameterException', 'Cannot modify the non-mutable attribute sub');
        await rejectsWith(create({ Username: 'x1', UserAttributes: [{ Name: 'email', Value: 'not-an-email' }] }), 'InvalidParameterException', 'Invalid email address format.');
        await rejectsWith(create({ Username: 'x1', UserAttributes: [{ Name: 'phone_number', Value: '555-1234' }] }), 'InvalidParameterException', 'Invalid phone number format.');
        await rejectsWith(create({ Username: 'x1', UserAttributes: [{ Name: 'custom:age', Value: 'old' }] }), 'InvalidParameterException', /^Attributes did not conform to the schema: custom:age: .*\n$/);
        await rejectsWith(create({ Username: 'x1', UserAttributes: [{ Name: 'custom:age', Value: '151' }] }), 'InvalidParameterException', /^Attributes did not conform to the schema: custom:age: .*\n$/);
        await rejectsWith(create({ Username: 'x1', UserAttributes: [{ Name: 'custom:code', Value: 'toolong' }] }), 'InvalidParameterException', /^Attributes did not conform to the schema: custom:code: .*\n$/);
        await rejectsWith(create({ Username: 'x1', UserAttributes: [{ Name: 'email_verified', Value: 'maybe' }] }), 'InvalidParameterException', /email_verified/);
        await rejectsWith(create({ Username: 'x1', UserAttributes: [{ Name: 'email_verified', Value: 'true' }] }), 'InvalidParameterException', /email_verified/);
        await rejectsWith(create({ Username: 'x1', UserAttributes: [{ Name: 'birthdate', Value: '01/02/2000' }] }), 'InvalidParameterException', /birthdate/);
        await rejectsWith(create({ Username: 'x1', UserAttributes: [{ Name: 'updated_at', Value: '-5' }] }), 'InvalidParameterException', /updated_at/);
        await rejectsWith(getUser('x1'), 'UserNotFoundException');
        const ok = await create({ Username: 'x2', UserAttributes: [{ Name: 'birthdate', Value: '2000-01-02' }, { Name: 'custom:code', Value: 'ab' }, { Name: 'phone_number', Value: '+14325551212' }] });
        assert.equal(attr(ok.User!.Attributes, 'custom:code'), 'ab');
      });

      it('an explicit delivery medium needs its destination; the default (SMS) is used only when the user has one', async () => {
        await rejectsWith(create({ Username: 'inv0', MessageAction: undefined, DesiredDeliveryMediums: ['EMAIL'] }), 'InvalidParameterException', 'No email provided but desired delivery medium was Email');
        await rejectsWith(create({ Username: 'inv0', MessageAction: undefined, DesiredDeliveryMediums: ['SMS'], UserAttributes: [{ Name: 'email', Value: 'inv0@example.com' }] }), 'InvalidParameterException', 'No phone_number provided but desired delivery medium was Sms');
        await rejectsWith(create({ Username: 'inv0', MessageAction: undefined, DesiredDeliveryMediums: ['EMAIL', 'SMS'], UserAttributes: [{ Name: 'email', Value: 'inv0@example.com' }] }), 'InvalidParameterException', 'No phone_number provided but desired delivery medium was Sms');
        await rejectsWith(getUser('inv0'), 'UserNotFoundException');
        // Only a Username, or only an email with the default medium: created, no invitation sent.
        const bare = await create({ Username: 'inv0', MessageAction: undefined, TemporaryPassword: undefined });
        assert.equal(bare.User!.UserStatus, 'FORCE_CHANGE_PASSWORD');
        const emailOnly = await create({ Username: 'inv0b', MessageAction: undefined, TemporaryPassword: undefined, UserAttributes: [{ Name: 'email', Value: 'inv0b@example.com' }] });
        assert.equal(attr(emailOnly.User!.Attributes, 'email'), 'inv0b@example.com');
        assert.deepEqual(await outbox(s, poolId, 'inv0'), []);
        assert.deepEqual(await outbox(s, poolId, 'inv0b'), []);
        // With a phone number the default medium delivers.
        await create({ Username: 'inv0c', MessageAction: undefined, TemporaryPassword: undefined, UserAttributes: [{ Name: 'phone_number', Value: '+15550002222' }] });
        assert.deepEqual((await outbox(s, poolId, 'inv0c')).map((m) => [m.channel, m.kind]), [['SMS', 'INVITATION']]);
      });

      it('records the invitation in the outbox and resends it with a new password', async () => {
        const r = await create({ Username: 'inv1', MessageAction: undefined, TemporaryPassword: undefined, DesiredDeliveryMediums: ['EMAIL', 'SMS'], UserAttributes: [{ Name: 'email', Value: 'inv1@example.com' }, { Name: 'phone_number', Value: '+15550001111' }] });
        assert.equal(r.User!.UserStatus, 'FORCE_CHANGE_PASSWORD');
        const sent = await outbox(s, poolId, 'inv1');
        assert.equal(sent.length, 2);
        const email = sent.find((m) => m.channel === 'EMAIL')!;
        const sms = sent.find((m) => m.channel === 'SMS')!;
        assert.equal(email.kind, 'INVITATION');
        assert.equal(email.destination, 'inv1@example.com');
        assert.equal(email.subject, 'Your temporary password');
        assert.equal(email.body, `Your username is inv1 and temporary password is ${email.code}.`);
        assert.equal(sms.destination, '+15550001111');
        assert.equal(sms.code, email.code);
        const { user, pool } = await row(poolId, 'inv1');
        assert.ok(verifyPassword(user, pool, email.code!, s.deps.masterKey));

        await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'inv1', MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'] }));
        const again = await outbox(s, poolId, 'inv1');
        assert.equal(again.length, 3);
        assert.equal(again[0]!.channel, 'EMAIL');
        assert.notEqual(again[0]!.code, email.code);
        const { user: after } = await row(poolId, 'inv1');
        assert.ok(verifyPassword(after, pool, again[0]!.code!, s.deps.masterKey));
        assert.ok(!verifyPassword(after, pool, email.code!, s.deps.masterKey));
      });

      it('RESEND needs an existing FORCE_CHANGE_PASSWORD user', async () => {
        await rejectsWith(s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'ghost', MessageAction: 'RESEND' })), 'UserNotFoundException', 'User does not exist.');
        await create({ Username: 'confirmed1' });
        await s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'confirmed1', Password: 'Perm-pass1', Permanent: true }));
        await rejectsWith(s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'confirmed1', MessageAction: 'RESEND', DesiredDeliveryMediums: ['EMAIL'] })), 'UnsupportedUserStateException');
      });

      it('answers ResourceNotFoundException for an unknown pool', async () => {
        await rejectsWith(create({ Username: 'z' }, 'us-east-1_nope12345'), 'ResourceNotFoundException', 'User pool us-east-1_nope12345 does not exist.');
      });
    });

    describe('email / phone as username (UsernameAttributes)', () => {
      let pool: string;
      before(async () => {
        pool = await newPool({ UsernameAttributes: ['email'] });
      });

      it('stores the email as attribute and the sub as Username', async () => {
        const r = await create({ Username: 'Dana@Example.com' }, pool);
        const sub = attr(r.User!.Attributes, 'sub')!;
        assert.equal(r.User!.Username, sub);
        assert.equal(attr(r.User!.Attributes, 'email'), 'Dana@Example.com');
        assert.equal((await getUser('dana@example.com', pool)).Username, sub);
        assert.equal((await getUser(sub, pool)).Username, sub);
        await rejectsWith(create({ Username: 'DANA@example.com' }, pool), 'UsernameExistsException', 'An account with the given email already exists.');
      });

      it('refuses a Username that is not an email', async () => {
        await rejectsWith(create({ Username: 'dana' }, pool), 'InvalidParameterException', 'Username should be an email.');
        const both = await newPool({ UsernameAttributes: ['email', 'phone_number'] });
        await rejectsWith(create({ Username: 'dana' }, both), 'InvalidParameterException', 'Username should be either an email or a phone number.');
        const r = await create({ Username: '+15551234567' }, both);
        assert.equal(attr(r.User!.Attributes, 'phone_number'), '+15551234567');
        assert.equal((await getUser('+15551234567', both)).Username, r.User!.Username);
      });

      it('keeps emails unique when an admin changes one', async () => {
        await create({ Username: 'e1@example.com' }, pool);
        await create({ Username: 'e2@example.com' }, pool);
        await rejectsWith(
          s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool, Username: 'e2@example.com', UserAttributes: [{ Name: 'email', Value: 'E1@example.com' }] })),
          'AliasExistsException',
          'An account with the given email already exists.',
        );
        await s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool, Username: 'e2@example.com', UserAttributes: [{ Name: 'email', Value: 'e3@example.com' }] }));
        assert.equal(attr((await getUser('e3@example.com', pool)).UserAttributes, 'email'), 'e3@example.com');
        await rejectsWith(getUser('e2@example.com', pool), 'UserNotFoundException');
      });
    });

    describe('aliases (AliasAttributes)', () => {
      let pool: string;
      before(async () => {
        pool = await newPool({ AliasAttributes: ['email', 'phone_number', 'preferred_username'] });
      });

      it('refuses usernames shaped like an enabled alias', async () => {
        await rejectsWith(create({ Username: 'x@example.com' }, pool), 'InvalidParameterException', 'Username cannot be of email format, since user pool is configured for email alias.');
        await rejectsWith(create({ Username: '+15551234567' }, pool), 'InvalidParameterException', /phone number format/);
      });

      it('finds users by verified email, phone and by preferred_username', async () => {
        await create({ Username: 'erin', UserAttributes: [{ Name: 'email', Value: 'Erin@Example.com' }, { Name: 'email_verified', Value: 'true' }, { Name: 'preferred_username', Value: 'ErinP' }] }, pool);
        await create({ Username: 'frank', UserAttributes: [{ Name: 'email', Value: 'frank@example.com' }, { Name: 'phone_number', Value: '+15557654321' }, { Name: 'phone_number_verified', Value: 'true' }] }, pool);
        assert.equal((await getUser('erin@example.com', pool)).Username, 'erin');
        assert.equal((await getUser('erinp', pool)).Username, 'erin');
        assert.equal((await getUser('+15557654321', pool)).Username, 'frank');
        await rejectsWith(getUser('frank@example.com', pool), 'UserNotFoundException', 'User does not exist.');
      });

      it('refuses a verified alias another user holds, unless ForceAliasCreation moves it', async () => {
        await create({ Username: 'gina', UserAttributes: [{ Name: 'email', Value: 'shared@example.com' }, { Name: 'email_verified', Value: 'true' }] }, pool);
        await rejectsWith(
          create({ Username: 'hank', UserAttributes: [{ Name: 'email', Value: 'SHARED@example.com' }, { Name: 'email_verified', Value: 'true' }] }, pool),
          'AliasExistsException',
          'An account with the given email already exists.',
        );
        // unverified: no alias, no conflict
        await create({ Username: 'ivan', UserAttributes: [{ Name: 'email', Value: 'shared@example.com' }] }, pool);
        await create({ Username: 'hank', ForceAliasCreation: true, UserAttributes: [{ Name: 'email', Value: 'shared@example.com' }, { Name: 'email_verified', Value: 'true' }] }, pool);
        assert.equal((await getUser('shared@example.com', pool)).Username, 'hank');
        assert.equal(attr((await getUser('gina', pool)).UserAttributes, 'email_verified'), 'false');
        await rejectsWith(
          s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool, Username: 'ivan', UserAttributes: [{ Name: 'email_verified', Value: 'true' }] })),
          'AliasExistsException',
        );
        await rejectsWith(
          s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool, Username: 'ivan', UserAttributes: [{ Name: 'preferred_username', Value: 'erinp' }] })),
          'AliasExistsException',
        );
      });
    });

    describe('AdminUpdateUserAttributes / AdminDeleteUserAttributes', () => {
      it('updates, deletes with an empty value and bumps the modification date', async () => {
        const c = await create({ Username: 'jack', UserAttributes: [{ Name: 'name', Value: 'Jack' }, { Name: 'given_name', Value: 'J' }] });
        await new Promise((r) => setTimeout(r, 20));
        await s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'jack', UserAttributes: [{ Name: 'name', Value: 'Jack Black' }, { Name: 'given_name', Value: '' }, { Name: 'custom:age', Value: '30' }] }));
        const u = await getUser('jack');
        assert.equal(attr(u.UserAttributes, 'name'), 'Jack Black');
        assert.equal(attr(u.UserAttributes, 'given_name'), undefined);
        assert.equal(attr(u.UserAttributes, 'custom:age'), '30');
        assert.ok(u.UserLastModifiedDate!.getTime() > c.User!.UserLastModifiedDate!.getTime());
        assert.equal(u.UserCreateDate!.getTime(), c.User!.UserCreateDate!.getTime());
      });

      it('refuses sub, immutable and unknown attributes', async () => {
        await create({ Username: 'kate', UserAttributes: [{ Name: 'custom:code', Value: 'k1' }] });
        const upd = (a: AttributeType[]) => s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'kate', UserAttributes: a }));
        await rejectsWith(upd([{ Name: 'sub', Value: 'x' }]), 'InvalidParameterException', 'Cannot modify the non-mutable attribute sub');
        await rejectsWith(upd([{ Name: 'custom:code', Value: 'k2' }]), 'InvalidParameterException', 'Cannot modify the non-mutable attribute custom:code');
        await rejectsWith(upd([{ Name: 'nickname2', Value: 'x' }]), 'InvalidParameterException', 'Invalid user attributes: user.nickname2: Attribute does not exist in the schema.');
        await rejectsWith(s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'nobody', UserAttributes: [{ Name: 'name', Value: 'x' }] })), 'UserNotFoundException', 'User does not exist.');
      });

      it('marks a changed email unverified unless told otherwise, and sends a code when auto-verified', async () => {
        const pool = await newPool({ AutoVerifiedAttributes: ['email'] });
        await create({ Username: 'liam', UserAttributes: [{ Name: 'email', Value: 'liam@example.com' }, { Name: 'email_verified', Value: 'true' }] }, pool);
        await s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool, Username: 'liam', UserAttributes: [{ Name: 'email', Value: 'liam2@example.com' }] }));
        let u = await getUser('liam', pool);
        assert.equal(attr(u.UserAttributes, 'email'), 'liam2@example.com');
        assert.equal(attr(u.UserAttributes, 'email_verified'), 'false');
        const [msg] = await outbox(s, pool, 'liam');
        assert.equal(msg!.kind, 'UPDATE_ATTRIBUTE');
        assert.equal(msg!.destination, 'liam2@example.com');
        assert.match(msg!.code!, /^[0-9]{6}$/);
        assert.equal(msg!.body, `Your verification code is ${msg!.code}. `);
        await s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: pool, Username: 'liam', UserAttributes: [{ Name: 'email', Value: 'liam3@example.com' }, { Name: 'email_verified', Value: 'true' }] }));
        u = await getUser('liam', pool);
        assert.equal(attr(u.UserAttributes, 'email_verified'), 'true');
        assert.equal((await outbox(s, pool, 'liam')).length, 1);
      });

      it('deletes attributes but not required or immutable ones', async () => {
        const pool = await newPool({ Schema: [{ Name: 'email', Required: true, Mutable: true }, { Name: 'fixed', AttributeDataType: 'String', Mutable: false }] });
        await create({ Username: 'mia', UserAttributes: [{ Name: 'email', Value: 'mia@example.com' }, { Name: 'nickname', Value: 'M' }, { Name: 'phone_number', Value: '+15550002222' }, { Name: 'phone_number_verified', Value: 'true' }, { Name: 'custom:fixed', Value: 'f' }] }, pool);
        const del = (names: string[]) => s.client.send(new AdminDeleteUserAttributesCommand({ UserPoolId: pool, Username: 'mia', UserAttributeNames: names }));
        await rejectsWith(del(['email']), 'InvalidParameterException', 'Invalid user attributes: email: Required attribute cannot be deleted.');
        await rejectsWith(del(['sub']), 'InvalidParameterException', /sub/);
        await rejectsWith(del(['custom:fixed']), 'InvalidParameterException', 'Cannot modify the non-mutable attribute custom:fixed');
        await rejectsWith(del(['bogus']), 'InvalidParameterException', 'Invalid user attributes: user.bogus: Attribute does not exist in the schema.');
        await del(['nickname', 'phone_number']);
        const u = await getUser('mia', pool);
        assert.equal(attr(u.UserAttributes, 'nickname'), undefined);
        assert.equal(attr(u.UserAttributes, 'phone_number'), undefined);
        assert.equal(attr(u.UserAttributes, 'phone_number_verified'), undefined);
        assert.equal(attr(u.UserAttributes, 'email'), 'mia@example.com');
      });
    });

    describe('enable / disable / delete', () => {
      it('disables (revoking tokens), enables and deletes', async () => {
        await create({ Username: 'noah' });
        const t = Date.now();
        await s.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'noah' }));
        assert.equal((await getUser('noah')).Enabled, false);
        const { user } = await row(poolId, 'noah');
        assert.ok(user.tokensValidAfter >= t - 1000);
        await s.client.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'noah' }));
        assert.equal((await getUser('noah')).Enabled, true);
        await s.client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'NOAH' }));
        await rejectsWith(getUser('noah'), 'UserNotFoundException', 'User does not exist.');
        await rejectsWith(s.client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'noah' })), 'UserNotFoundException', 'User does not exist.');
        await rejectsWith(s.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'noah' })), 'UserNotFoundException');
        await rejectsWith(s.client.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'noah' })), 'UserNotFoundException');
        const again = await create({ Username: 'noah' });
        assert.notEqual(attr(again.User!.Attributes, 'sub'), user.sub);
      });
    });

    describe('passwords and confirmation', () => {
      it('AdminSetUserPassword: permanent → CONFIRMED, temporary → FORCE_CHANGE_PASSWORD', async () => {
        await create({ Username: 'olga' });
        const set = (Password: string, Permanent?: boolean) => s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'olga', Password, ...(Permanent !== undefined ? { Permanent } : {}) }));
        await rejectsWith(set('nouppercase1!', true), 'InvalidPasswordException', 'Password did not conform with policy: Password must have uppercase characters');
        await rejectsWith(set('NoSymbols123', true), 'InvalidPasswordException', 'Password did not conform with policy: Password must have symbol characters');
        await set('Perm-pass1', true);
        assert.equal((await getUser('olga')).UserStatus, 'CONFIRMED');
        let { user, pool } = await row(poolId, 'olga');
        assert.equal(user.tempPasswordExpiresAt, null);
        assert.ok(verifyPassword(user, pool, 'Perm-pass1', s.deps.masterKey));
        await set('Temp-pass2');
        assert.equal((await getUser('olga')).UserStatus, 'FORCE_CHANGE_PASSWORD');
        ({ user } = await row(poolId, 'olga'));
        assert.ok(user.tempPasswordExpiresAt! > Date.now());
        assert.ok(verifyPassword(user, pool, 'Temp-pass2', s.deps.masterKey));
        await rejectsWith(s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'zz-none', Password: 'Perm-pass1' })), 'UserNotFoundException');
      });

      it('AdminResetUserPassword needs a CONFIRMED user with a verified contact and sends a code', async () => {
        await create({ Username: 'pete', UserAttributes: [{ Name: 'email', Value: 'pete@example.com' }] });
        const reset = (u = 'pete') => s.client.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: u }));
        await rejectsWith(reset(), 'NotAuthorizedException', 'User password cannot be reset in the current state.');
        await s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'pete', Password: 'Perm-pass1', Permanent: true }));
        await rejectsWith(reset(), 'InvalidParameterException', 'Cannot reset password for the user as there is no registered/verified email or phone_number');
        await s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: poolId, Username: 'pete', UserAttributes: [{ Name: 'email_verified', Value: 'true' }] }));
        await reset();
        assert.equal((await getUser('pete')).UserStatus, 'RESET_REQUIRED');
        const [msg] = await outbox(s, poolId, 'pete');
        assert.equal(msg!.kind, 'ADMIN_RESET');
        assert.equal(msg!.channel, 'EMAIL');
        assert.match(msg!.code!, /^[0-9]{6}$/);
        await reset(); // already RESET_REQUIRED: no-op
        assert.equal((await outbox(s, poolId, 'pete')).length, 1);
        await rejectsWith(reset('nobody'), 'UserNotFoundException', 'User does not exist.');
      });

      it('AdminConfirmSignUp confirms UNCONFIRMED users only', async () => {
        await create({ Username: 'quinn' });
        await rejectsWith(s.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'quinn' })), 'NotAuthorizedException', 'User cannot be confirmed. Current status is FORCE_CHANGE_PASSWORD');
        const { user } = await row(poolId, 'quinn');
        await s.deps.store.users.updateUser({ ...user, status: 'UNCONFIRMED' }); // as SignUp leaves it
        await s.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'quinn' }));
        assert.equal((await getUser('quinn')).UserStatus, 'CONFIRMED');
        await rejectsWith(s.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'quinn' })), 'NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED');
        await rejectsWith(s.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'nobody' })), 'UserNotFoundException');
      });

      it('stores no plaintext password anywhere in the user row', async () => {
        const secret = 'Very-Secret-Pass-42';
        await create({ Username: 'rita', TemporaryPassword: secret });
        await s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'rita', Password: 'Other-Secret-77', Permanent: true }));
        const rows = await s.db.selectFrom('users').selectAll().execute();
        const dump = JSON.stringify(rows);
        assert.ok(!dump.includes(secret));
        assert.ok(!dump.includes('Other-Secret-77'));
        const rita = rows.find((r) => r.username === 'rita')!;
        assert.ok(rita.password_sealed && rita.password_sealed.length > 100);
      });
    });

    describe('AdminSetUserSettings', () => {
      it('stores legacy SMS MFA options shown by AdminGetUser', async () => {
        await create({ Username: 'sam', UserAttributes: [{ Name: 'phone_number', Value: '+15550003333' }] });
        const set = (MFAOptions: Array<{ DeliveryMedium: 'SMS' | 'EMAIL'; AttributeName: string }>) => s.client.send(new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: 'sam', MFAOptions }));
        await set([{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
        assert.deepEqual((await getUser('sam')).MFAOptions, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
        await rejectsWith(set([{ DeliveryMedium: 'EMAIL', AttributeName: 'email' }]), 'InvalidParameterException');
        await set([]);
        assert.equal((await getUser('sam')).MFAOptions, undefined);
      });
    });

    describe('concurrency', () => {
      it('200 concurrent AdminCreateUser calls on one pool all land', async () => {
        const pool = await newPool();
        const results = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => create({ Username: `bulk${i}`, UserAttributes: [{ Name: 'email', Value: `bulk${i}@example.com` }] }, pool)));
        const failed = results.filter((r) => r.status === 'rejected');
        assert.equal(failed.length, 0, failed.map((f) => String((f as PromiseRejectedResult).reason)).slice(0, 3).join('; '));
        assert.equal(await s.deps.store.users.countUsers(pool), 200);
      });

      it('a concurrent duplicate create yields one success and UsernameExistsException for the rest', async () => {
        const pool = await newPool();
        const results = await Promise.allSettled(Array.from({ length: 20 }, () => create({ Username: 'racer' }, pool)));
        const ok = results.filter((r) => r.status === 'fulfilled');
        const errs = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        assert.equal(ok.length, 1);
        assert.equal(errs.length, 19);
        for (const e of errs) {
          assert.equal((e.reason as Error).name, 'UsernameExistsException');
          assert.equal((e.reason as Error).message, 'User account already exists');
        }
        const emailPool = await newPool({ UsernameAttributes: ['email'] });
        const r2 = await Promise.allSettled(Array.from({ length: 10 }, () => create({ Username: 'race@example.com' }, emailPool)));
        assert.equal(r2.filter((r) => r.status === 'fulfilled').length, 1);
        for (const e of r2.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) assert.equal((e.reason as Error).name, 'UsernameExistsException');
      });
    });
  });
}
