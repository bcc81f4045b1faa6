/**
 * Multi-factor authentication end to end with the AWS SDK v3: pool MFA configuration, TOTP
 * enrolment (codes computed here per RFC 6238), SMS and email codes read from the outbox,
 * SELECT_MFA_TYPE, MFA_SETUP, and the errors for wrong, replayed and malformed codes and for
 * sessions of another user or client. The server's clock is the test's (`s.deps.now`), so TOTP
 * time steps are exact.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminRespondToAuthChallengeCommand,
  AdminSetUserMFAPreferenceCommand,
  AdminSetUserSettingsCommand,
  AssociateSoftwareTokenCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  GetUserCommand,
  GetUserPoolMfaConfigCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  SetUserSettingsCommand,
  UpdateUserPoolCommand,
  VerifySoftwareTokenCommand,
  type ChallengeNameType,
  type CreateUserPoolCommandInput,
  type SetUserPoolMfaConfigCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { databases, withServer } from './helpers/server.ts';
import { awsError, rejectsWith } from './helpers/errors.ts';
import { createClient, createPool, createUser, latestCode, outbox } from './helpers/auth.ts';
import { totpCode, wrongTotpCode } from './helpers/mfa.ts';
import { srpClientRespond, srpClientStart } from './helpers/srp-client.ts';

const PW = 'Passw0rd!';
const SNS = { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns', ExternalId: 'x' };
const SES = { EmailSendingAccount: 'DEVELOPER' as const, SourceArn: 'arn:aws:ses:us-east-1:123456789012:identity/no-reply@example.com', From: 'no-reply@example.com' };

for (const kind of await databases()) {
  describe(`MFA (${kind})`, () => {
    const s = withServer(kind);
    let clock = 0;
    /** Moves the server's clock to the next TOTP time step (codes of earlier steps stay used). */
    const tick = (ms = 30_000): void => {
      clock += ms;
    };
    before(async () => {
      clock = Date.now();
      s.deps.now = () => clock;
    });

    async function mfaPool(config: Omit<SetUserPoolMfaConfigCommandInput, 'UserPoolId'>, create: Partial<CreateUserPoolCommandInput> = {}): Promise<{ poolId: string; clientId: string }> {
      const poolId = await createPool(s, create);
      await s.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, ...config }));
      return { poolId, clientId: (await createClient(s, poolId)).clientId };
    }
    const signIn = (clientId: string, username: string, password = PW) =>
      s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));
    const respond = (clientId: string, name: ChallengeNameType, session: string | undefined, responses: Record<string, string>) =>
      s.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: name, Session: session, ChallengeResponses: responses }));
    const accessTokenOf = async (clientId: string, username: string): Promise<string> => {
      const r = await signIn(clientId, username);
      assert.ok(r.AuthenticationResult?.AccessToken, `expected tokens for ${username}, got ${r.ChallengeName}`);
      return r.AuthenticationResult.AccessToken;
    };
    /** Associates and verifies an authenticator; the clock then moves on a step. */
    async function enrolTotp(accessToken: string, name?: string): Promise<string> {
      const { SecretCode } = await s.client.send(new AssociateSoftwareTokenCommand({ AccessToken: accessToken }));
      assert.ok(SecretCode);
      const v = await s.client.send(new VerifySoftwareTokenCommand({ AccessToken: accessToken, UserCode: totpCode(SecretCode, clock), ...(name ? { FriendlyDeviceName: name } : {}) }));
      assert.equal(v.Status, 'SUCCESS');
      tick();
      return SecretCode;
    }
    const getMfaConfig = (poolId: string) => s.client.send(new GetUserPoolMfaConfigCommand({ UserPoolId: poolId }));
    const adminGetUser = (poolId: string, username: string) => s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));

    it('SetUserPoolMfaConfig / GetUserPoolMfaConfig: factors, modes and AWS validation', async () => {
      const poolId = await createPool(s);
      const get = await getMfaConfig(poolId);
      assert.equal(get.MfaConfiguration, 'OFF');
      assert.equal(get.SoftwareTokenMfaConfiguration, undefined);
      const set = (input: Omit<SetUserPoolMfaConfigCommandInput, 'UserPoolId'>) => s.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, ...input }));
      await rejectsWith(set({ MfaConfiguration: 'ON' }), 'InvalidParameterException', "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.");
      await rejectsWith(set({ MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: false } }), 'InvalidParameterException', /can't disable all MFAs/);
      await rejectsWith(set({ MfaConfiguration: 'OFF', SoftwareTokenMfaConfiguration: { Enabled: true } }), 'InvalidParameterException', "Invalid MFA configuration given, can't turn off MFA and configure an MFA together.");
      await rejectsWith(set({ MfaConfiguration: 'OPTIONAL', SmsMfaConfiguration: { SmsAuthenticationMessage: 'no placeholder' } }), 'InvalidParameterException');
      await rejectsWith(set({ MfaConfiguration: 'OPTIONAL', SmsMfaConfiguration: { SmsAuthenticationMessage: 'Code {####}' } }), 'InvalidParameterException', /SmsConfiguration/);
      await rejectsWith(set({ MfaConfiguration: 'OPTIONAL', EmailMfaConfiguration: { Message: 'Code {####}' } }), 'InvalidParameterException', /DEVELOPER/);
      assert.equal((await getMfaConfig(poolId)).MfaConfiguration, 'OFF', 'refused calls change nothing');

      const totp = await set({ MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
      assert.deepEqual({ ...totp, $metadata: undefined }, { $metadata: undefined, SoftwareTokenMfaConfiguration: { Enabled: true }, MfaConfiguration: 'OPTIONAL' });
      assert.deepEqual((await getMfaConfig(poolId)).SoftwareTokenMfaConfiguration, { Enabled: true });
      assert.equal((await s.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool?.MfaConfiguration, 'OPTIONAL');

      // SMS replaces TOTP: factors left out are switched off.
      const sms = await set({ MfaConfiguration: 'ON', SmsMfaConfiguration: { SmsAuthenticationMessage: 'Code {####}', SmsConfiguration: SNS } });
      assert.deepEqual(sms.SmsMfaConfiguration, { SmsAuthenticationMessage: 'Code {####}', SmsConfiguration: SNS });
      assert.equal(sms.SoftwareTokenMfaConfiguration, undefined);
      assert.equal(sms.MfaConfiguration, 'ON');
      const described = (await s.client.send(new DescribeUserPoolCommand({ UserPoolId: poolId }))).UserPool;
      assert.equal(described?.SmsAuthenticationMessage, 'Code {####}');
      assert.deepEqual(described?.SmsConfiguration, SNS);
      // MfaConfiguration omitted: kept.
      assert.equal((await set({ SoftwareTokenMfaConfiguration: { Enabled: true } })).MfaConfiguration, 'ON');
      // UpdateUserPool without MfaConfiguration keeps the MFA settings.
      await s.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId, UserPoolTags: { a: 'b' } }));
      const kept = await getMfaConfig(poolId);
      assert.equal(kept.MfaConfiguration, 'ON');
      assert.deepEqual(kept.SoftwareTokenMfaConfiguration, { Enabled: true });
      assert.deepEqual((await set({ MfaConfiguration: 'OFF' })).MfaConfiguration, 'OFF');

      // Email MFA: SES (DEVELOPER) sending, and not on the LITE tier.
      const sesPool = await createPool(s, { EmailConfiguration: SES });
      const email = await s.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: sesPool, MfaConfiguration: 'OPTIONAL', EmailMfaConfiguration: { Subject: 'Sign-in code', Message: 'Your code is {####}' } }));
      assert.deepEqual(email.EmailMfaConfiguration, { Subject: 'Sign-in code', Message: 'Your code is {####}' });
      const lite = await createPool(s, { EmailConfiguration: SES, UserPoolTier: 'LITE' });
      await rejectsWith(s.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: lite, MfaConfiguration: 'OPTIONAL', EmailMfaConfiguration: {} })), 'FeatureUnavailableInTierException');

      // CreateUserPool's own MFA (SMS) shows up here too.
      const created = await s.client.send(new CreateUserPoolCommand({ PoolName: 'sms-mfa', MfaConfiguration: 'OPTIONAL', SmsConfiguration: SNS, AutoVerifiedAttributes: ['phone_number'] }));
      const viaCreate = await getMfaConfig(created.UserPool!.Id!);
      assert.equal(viaCreate.MfaConfiguration, 'OPTIONAL');
      assert.deepEqual(viaCreate.SmsMfaConfiguration?.SmsConfiguration, SNS);

      await rejectsWith(getMfaConfig('us-east-1_NoSuchPool'), 'ResourceNotFoundException', 'User pool us-east-1_NoSuchPool does not exist.');
    });

    it('TOTP: enrolment with an access token, then SOFTWARE_TOKEN_MFA in the password, SRP and admin flows', async () => {
      const { poolId, clientId } = await mfaPool({ MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
      await createUser(s, poolId, 'tia', PW);
      const at = await accessTokenOf(clientId, 'tia');
      await rejectsWith(
        s.client.send(new SetUserMFAPreferenceCommand({ AccessToken: at, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } })),
        'InvalidParameterException', 'User does not have delivery config set to turn on SOFTWARE_TOKEN_MFA',
      );
      await rejectsWith(s.client.send(new VerifySoftwareTokenCommand({ AccessToken: at, UserCode: '123456' })), 'SoftwareTokenMFANotFoundException');
      const assoc = await s.client.send(new AssociateSoftwareTokenCommand({ AccessToken: at }));
      assert.match(assoc.SecretCode ?? '', /^[A-Z2-7]{32}$/);
      assert.equal(assoc.Session, undefined);
      const secret = assoc.SecretCode!;
      await rejectsWith(
        s.client.send(new VerifySoftwareTokenCommand({ AccessToken: at, UserCode: wrongTotpCode(secret, clock) })),
        'EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA',
      );
      const verified = await s.client.send(new VerifySoftwareTokenCommand({ AccessToken: at, UserCode: totpCode(secret, clock), FriendlyDeviceName: 'phone' }));
      assert.equal(verified.Status, 'SUCCESS');
      assert.equal(verified.Session, undefined);

      // Verified but not switched on: an OPTIONAL pool signs in without it.
      assert.ok((await signIn(clientId, 'tia')).AuthenticationResult);
      assert.equal((await s.client.send(new GetUserCommand({ AccessToken: at }))).UserMFASettingList, undefined);
      await s.client.send(new SetUserMFAPreferenceCommand({ AccessToken: at, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
      const me = await s.client.send(new GetUserCommand({ AccessToken: at }));
      assert.deepEqual(me.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
      assert.equal(me.PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');
      const admin = await adminGetUser(poolId, 'tia');
      assert.deepEqual(admin.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
      assert.equal(admin.PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');
      assert.equal(admin.MFAOptions, undefined);

      const c = await signIn(clientId, 'tia');
      assert.equal(c.AuthenticationResult, undefined);
      assert.equal(c.ChallengeName, 'SOFTWARE_TOKEN_MFA');
      assert.deepEqual(c.ChallengeParameters, { USER_ID_FOR_SRP: 'tia', FRIENDLY_DEVICE_NAME: 'phone' });
      assert.ok(c.Session);
      // The code VerifySoftwareToken used is spent.
      await rejectsWith(respond(clientId, 'SOFTWARE_TOKEN_MFA', c.Session, { USERNAME: 'tia', SOFTWARE_TOKEN_MFA_CODE: totpCode(secret, clock) }), 'ExpiredCodeException', 'Your software token has already been used once.');
      tick();
      await rejectsWith(respond(clientId, 'SOFTWARE_TOKEN_MFA', c.Session, { USERNAME: 'tia', SOFTWARE_TOKEN_MFA_CODE: wrongTotpCode(secret, clock) }), 'CodeMismatchException', 'Invalid code received for user');
      const done = await respond(clientId, 'SOFTWARE_TOKEN_MFA', c.Session, { USERNAME: 'tia', SOFTWARE_TOKEN_MFA_CODE: totpCode(secret, clock) });
      assert.ok(done.AuthenticationResult?.AccessToken && done.AuthenticationResult.RefreshToken && done.AuthenticationResult.IdToken);
      assert.deepEqual(done.ChallengeParameters, {});
      assert.equal(decodeJwt(done.AuthenticationResult.AccessToken)['username'], 'tia');
      // The session is used up; the code too (another sign-in in the same step).
      await rejectsWith(respond(clientId, 'SOFTWARE_TOKEN_MFA', c.Session, { USERNAME: 'tia', SOFTWARE_TOKEN_MFA_CODE: totpCode(secret, clock) }), 'NotAuthorizedException');
      const again = await signIn(clientId, 'tia');
      await rejectsWith(respond(clientId, 'SOFTWARE_TOKEN_MFA', again.Session, { USERNAME: 'tia', SOFTWARE_TOKEN_MFA_CODE: totpCode(secret, clock) }), 'ExpiredCodeException', 'Your software token has already been used once.');
      // A code of the next step (clock drift of one step) is accepted.
      const drift = await respond(clientId, 'SOFTWARE_TOKEN_MFA', again.Session, { USERNAME: 'tia', SOFTWARE_TOKEN_MFA_CODE: totpCode(secret, clock + 30_000) });
      assert.ok(drift.AuthenticationResult);
      tick(60_000);

      // USER_SRP_AUTH: PASSWORD_VERIFIER, then the same challenge.
      const start = srpClientStart();
      const init = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'tia', SRP_A: start.SRP_A } }));
      const srp = await respond(clientId, 'PASSWORD_VERIFIER', init.Session, srpClientRespond(poolId, PW, start, init.ChallengeParameters ?? {}, new Date(clock)));
      assert.equal(srp.ChallengeName, 'SOFTWARE_TOKEN_MFA');
      assert.ok((await respond(clientId, 'SOFTWARE_TOKEN_MFA', srp.Session, { USERNAME: 'tia', SOFTWARE_TOKEN_MFA_CODE: totpCode(secret, clock) })).AuthenticationResult);
      tick();

      // ADMIN_USER_PASSWORD_AUTH with AdminRespondToAuthChallenge.
      const adminInit = await s.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'tia', PASSWORD: PW } }));
      assert.equal(adminInit.ChallengeName, 'SOFTWARE_TOKEN_MFA');
      const adminDone = await s.client.send(
        new AdminRespondToAuthChallengeCommand({ UserPoolId: poolId, ClientId: clientId, ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: adminInit.Session, ChallengeResponses: { USERNAME: 'tia', SOFTWARE_TOKEN_MFA_CODE: totpCode(secret, clock) } }),
      );
      assert.ok(adminDone.AuthenticationResult?.RefreshToken);
      tick();

      // Refreshing asks for no second factor.
      const refreshed = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: adminDone.AuthenticationResult.RefreshToken } }));
      assert.ok(refreshed.AuthenticationResult?.AccessToken);

      // Switched off: no challenge, no list.
      await s.client.send(new SetUserMFAPreferenceCommand({ AccessToken: at, SoftwareTokenMfaSettings: { Enabled: false } }));
      assert.ok((await signIn(clientId, 'tia')).AuthenticationResult);
      const off = await adminGetUser(poolId, 'tia');
      assert.equal(off.UserMFASettingList, undefined);
      assert.equal(off.PreferredMfaSetting, undefined);
    });

    it('a wrong code leaves the session for three tries, then it is expired; malformed codes count nothing', async () => {
      const { poolId, clientId } = await mfaPool({ MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
      await createUser(s, poolId, 'wes', PW);
      const secret = await enrolTotp(await accessTokenOf(clientId, 'wes'));
      await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'wes', SoftwareTokenMfaSettings: { Enabled: true } }));
      const answer = (session: string | undefined, code: string) => respond(clientId, 'SOFTWARE_TOKEN_MFA', session, { USERNAME: 'wes', SOFTWARE_TOKEN_MFA_CODE: code });

      const first = await signIn(clientId, 'wes');
      for (const bad of ['abc123', '12345', '1234567', ''.padEnd(6, ' ')]) await rejectsWith(answer(first.Session, bad), 'CodeMismatchException', 'Invalid code received for user');
      await rejectsWith(answer(first.Session, wrongTotpCode(secret, clock)), 'CodeMismatchException');
      await rejectsWith(answer(first.Session, wrongTotpCode(secret, clock)), 'CodeMismatchException');
      assert.ok((await answer(first.Session, totpCode(secret, clock))).AuthenticationResult, 'two wrong codes and any number of malformed ones leave the session usable');
      tick();

      const second = await signIn(clientId, 'wes');
      for (let i = 0; i < 3; i++) await rejectsWith(answer(second.Session, wrongTotpCode(secret, clock)), 'CodeMismatchException');
      await rejectsWith(answer(second.Session, totpCode(secret, clock)), 'NotAuthorizedException', 'Invalid session for the user, session is expired.');
      // The code was not used up by the dead session.
      const third = await signIn(clientId, 'wes');
      assert.ok((await answer(third.Session, totpCode(secret, clock))).AuthenticationResult);
      tick();
    });

    it('concurrent answers: one code signs in once, one session once, one VerifySoftwareToken once', async () => {
      const { poolId, clientId } = await mfaPool({ MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
      await createUser(s, poolId, 'cat', PW);
      const at = await accessTokenOf(clientId, 'cat');
      const { SecretCode } = await s.client.send(new AssociateSoftwareTokenCommand({ AccessToken: at }));
      const verifies = await Promise.allSettled(Array.from({ length: 4 }, () => s.client.send(new VerifySoftwareTokenCommand({ AccessToken: at, UserCode: totpCode(SecretCode!, clock) }))));
      assert.equal(verifies.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of verifies) if (r.status === 'rejected') awsError('ExpiredCodeException', 'Your software token has already been used once.')(r.reason);
      tick();
      await s.client.send(new SetUserMFAPreferenceCommand({ AccessToken: at, SoftwareTokenMfaSettings: { Enabled: true } }));
      const answer = (session: string | undefined) => respond(clientId, 'SOFTWARE_TOKEN_MFA', session, { USERNAME: 'cat', SOFTWARE_TOKEN_MFA_CODE: totpCode(SecretCode!, clock) });

      const one = await signIn(clientId, 'cat');
      const sameSession = await Promise.allSettled(Array.from({ length: 5 }, () => answer(one.Session)));
      assert.equal(sameSession.filter((r) => r.status === 'fulfilled').length, 1);
      tick();
      const sessions = await Promise.all(Array.from({ length: 4 }, () => signIn(clientId, 'cat')));
      const sameCode = await Promise.allSettled(sessions.map((c) => answer(c.Session)));
      assert.equal(sameCode.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of sameCode) if (r.status === 'rejected') awsError('ExpiredCodeException', 'Your software token has already been used once.')(r.reason);
      tick();
    });

    it('SMS MFA: SetUserSettings (legacy) and SetUserMFAPreference, the code from the outbox', async () => {
      const { poolId, clientId } = await mfaPool({ MfaConfiguration: 'OPTIONAL', SmsMfaConfiguration: { SmsAuthenticationMessage: 'Your sign-in code is {####}', SmsConfiguration: SNS } });
      await createUser(s, poolId, 'sam', PW, { phone_number: '+15555550123', phone_number_verified: 'true' });
      await createUser(s, poolId, 'nophone', PW);
      await rejectsWith(
        s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'nophone', SMSMfaSettings: { Enabled: true } })),
        'InvalidParameterException', 'User does not have delivery config set to turn on SMS_MFA',
      );
      const at = await accessTokenOf(clientId, 'sam');
      await rejectsWith(s.client.send(new SetUserSettingsCommand({ AccessToken: at, MFAOptions: [{ DeliveryMedium: 'EMAIL', AttributeName: 'email' }] })), 'InvalidParameterException');
      await s.client.send(new SetUserSettingsCommand({ AccessToken: at, MFAOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }] }));
      const me = await s.client.send(new GetUserCommand({ AccessToken: at }));
      assert.deepEqual(me.MFAOptions, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
      assert.deepEqual(me.UserMFASettingList, ['SMS_MFA']);

      const c = await signIn(clientId, 'sam');
      assert.equal(c.ChallengeName, 'SMS_MFA');
      assert.deepEqual(c.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0123' });
      const [msg] = await outbox(s, poolId, 'sam');
      assert.equal(msg?.channel, 'SMS');
      assert.equal(msg?.kind, 'AUTHENTICATION');
      assert.equal(msg?.destination, '+15555550123');
      assert.match(msg?.code ?? '', /^\d{6}$/);
      assert.equal(msg?.body, `Your sign-in code is ${msg?.code}`);
      await rejectsWith(respond(clientId, 'SMS_MFA', c.Session, { USERNAME: 'sam', SMS_MFA_CODE: msg!.code === '000000' ? '111111' : '000000' }), 'CodeMismatchException', 'Invalid code or auth state for the user.');
      await rejectsWith(respond(clientId, 'SMS_MFA', c.Session, { USERNAME: 'sam' }), 'InvalidParameterException', 'Missing required parameter SMS_MFA_CODE');
      const done = await respond(clientId, 'SMS_MFA', c.Session, { USERNAME: 'sam', SMS_MFA_CODE: msg!.code! });
      assert.ok(done.AuthenticationResult?.IdToken);
      // A used code does not work for the next sign-in (which gets its own).
      const next = await signIn(clientId, 'sam');
      const fresh = await latestCode(s, poolId, 'sam');
      if (fresh !== msg!.code) await rejectsWith(respond(clientId, 'SMS_MFA', next.Session, { USERNAME: 'sam', SMS_MFA_CODE: msg!.code! }), 'CodeMismatchException');
      assert.ok((await respond(clientId, 'SMS_MFA', next.Session, { USERNAME: 'sam', SMS_MFA_CODE: fresh })).AuthenticationResult);

      // [] turns it off, in both views.
      await s.client.send(new SetUserSettingsCommand({ AccessToken: at, MFAOptions: [] }));
      const offUser = await adminGetUser(poolId, 'sam');
      assert.equal(offUser.MFAOptions, undefined);
      assert.equal(offUser.UserMFASettingList, undefined);
      assert.ok((await signIn(clientId, 'sam')).AuthenticationResult);
      // SetUserMFAPreference is the same setting.
      await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'sam', SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
      const onUser = await adminGetUser(poolId, 'sam');
      assert.deepEqual(onUser.MFAOptions, [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }]);
      assert.equal(onUser.PreferredMfaSetting, 'SMS_MFA');
      await s.client.send(new AdminSetUserSettingsCommand({ UserPoolId: poolId, Username: 'sam', MFAOptions: [] }));
      assert.equal((await adminGetUser(poolId, 'sam')).PreferredMfaSetting, undefined);
    });

    it('EMAIL_OTP: the pool template, the masked address, EMAIL_OTP_CODE (and EMAIL_MFA_CODE)', async () => {
      const { poolId, clientId } = await mfaPool({ MfaConfiguration: 'OPTIONAL', EmailMfaConfiguration: { Subject: 'Sign-in code', Message: 'Your code: {####}' } }, { EmailConfiguration: SES });
      await createUser(s, poolId, 'eve', PW, { email: 'eve@example.com', email_verified: 'true' });
      await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'eve', EmailMfaSettings: { Enabled: true } }));
      assert.deepEqual((await adminGetUser(poolId, 'eve')).UserMFASettingList, ['EMAIL_OTP']);
      const c = await signIn(clientId, 'eve');
      assert.equal(c.ChallengeName, 'EMAIL_OTP');
      assert.deepEqual(c.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'e***@e***' });
      const [msg] = await outbox(s, poolId, 'eve');
      assert.equal(msg?.channel, 'EMAIL');
      assert.equal(msg?.kind, 'AUTHENTICATION');
      assert.equal(msg?.subject, 'Sign-in code');
      assert.equal(msg?.body, `Your code: ${msg?.code}`);
      assert.ok((await respond(clientId, 'EMAIL_OTP', c.Session, { USERNAME: 'eve', EMAIL_OTP_CODE: msg!.code! })).AuthenticationResult);
      const again = await signIn(clientId, 'eve');
      assert.ok((await respond(clientId, 'EMAIL_OTP', again.Session, { USERNAME: 'eve', EMAIL_MFA_CODE: await latestCode(s, poolId, 'eve') })).AuthenticationResult);
    });

    it('SELECT_MFA_TYPE when several factors are on and none preferred', async () => {
      const { poolId, clientId } = await mfaPool(
        { MfaConfiguration: 'OPTIONAL', SmsMfaConfiguration: { SmsConfiguration: SNS }, SoftwareTokenMfaConfiguration: { Enabled: true }, EmailMfaConfiguration: {} },
        { EmailConfiguration: SES },
      );
      await createUser(s, poolId, 'max', PW, { phone_number: '+15555550150', email: 'max@example.com' });
      const secret = await enrolTotp(await accessTokenOf(clientId, 'max'));
      await s.client.send(
        new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'max', SMSMfaSettings: { Enabled: true }, SoftwareTokenMfaSettings: { Enabled: true }, EmailMfaSettings: { Enabled: true } }),
      );
      const admin = await adminGetUser(poolId, 'max');
      assert.deepEqual(admin.UserMFASettingList, ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']);
      assert.equal(admin.PreferredMfaSetting, undefined);

      const c = await signIn(clientId, 'max');
      assert.equal(c.ChallengeName, 'SELECT_MFA_TYPE');
      assert.deepEqual(JSON.parse(c.ChallengeParameters?.['MFAS_CAN_CHOOSE'] ?? ''), ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP']);
      await rejectsWith(respond(clientId, 'SELECT_MFA_TYPE', c.Session, { USERNAME: 'max', ANSWER: 'CARRIER_PIGEON' }), 'InvalidParameterException');
      const email = await respond(clientId, 'SELECT_MFA_TYPE', c.Session, { USERNAME: 'max', ANSWER: 'EMAIL_MFA' });
      assert.equal(email.ChallengeName, 'EMAIL_OTP');
      assert.notEqual(email.Session, c.Session);
      assert.ok((await respond(clientId, 'EMAIL_OTP', email.Session, { USERNAME: 'max', EMAIL_OTP_CODE: await latestCode(s, poolId, 'max') })).AuthenticationResult);
      await rejectsWith(respond(clientId, 'SELECT_MFA_TYPE', c.Session, { USERNAME: 'max', ANSWER: 'SMS_MFA' }), 'NotAuthorizedException');

      const c2 = await signIn(clientId, 'max');
      const totp = await respond(clientId, 'SELECT_MFA_TYPE', c2.Session, { USERNAME: 'max', ANSWER: 'SOFTWARE_TOKEN_MFA' });
      assert.equal(totp.ChallengeName, 'SOFTWARE_TOKEN_MFA');
      assert.ok((await respond(clientId, 'SOFTWARE_TOKEN_MFA', totp.Session, { USERNAME: 'max', SOFTWARE_TOKEN_MFA_CODE: totpCode(secret, clock) })).AuthenticationResult);
      tick();

      // A preferred factor is challenged directly; only one may be preferred, and only an enabled one.
      await rejectsWith(
        s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'max', SMSMfaSettings: { PreferredMfa: true }, EmailMfaSettings: { PreferredMfa: true } })),
        'InvalidParameterException',
      );
      await rejectsWith(
        s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'max', SMSMfaSettings: { Enabled: false, PreferredMfa: true } })),
        'InvalidParameterException',
      );
      await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'max', SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
      assert.equal((await adminGetUser(poolId, 'max')).PreferredMfaSetting, 'SMS_MFA');
      assert.equal((await signIn(clientId, 'max')).ChallengeName, 'SMS_MFA');

      // A factor the user cannot choose.
      await createUser(s, poolId, 'kit', PW, { phone_number: '+15555550151' });
      const kitSecret = await enrolTotp(await accessTokenOf(clientId, 'kit'));
      await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'kit', SMSMfaSettings: { Enabled: true }, SoftwareTokenMfaSettings: { Enabled: true } }));
      const k = await signIn(clientId, 'kit');
      assert.deepEqual(JSON.parse(k.ChallengeParameters?.['MFAS_CAN_CHOOSE'] ?? ''), ['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
      await rejectsWith(respond(clientId, 'SELECT_MFA_TYPE', k.Session, { USERNAME: 'kit', ANSWER: 'EMAIL_OTP' }), 'MFAMethodNotFoundException');
      const kt = await respond(clientId, 'SELECT_MFA_TYPE', k.Session, { USERNAME: 'kit', ANSWER: 'SOFTWARE_TOKEN_MFA' });
      assert.ok((await respond(clientId, 'SOFTWARE_TOKEN_MFA', kt.Session, { USERNAME: 'kit', SOFTWARE_TOKEN_MFA_CODE: totpCode(kitSecret, clock) })).AuthenticationResult);
      tick();
    });

    it('MFA ON: MFA_SETUP through AssociateSoftwareToken(Session) and VerifySoftwareToken(Session)', async () => {
      const { poolId, clientId } = await mfaPool({ MfaConfiguration: 'ON', SoftwareTokenMfaConfiguration: { Enabled: true } });
      await createUser(s, poolId, 'nia', PW);
      const c = await signIn(clientId, 'nia');
      assert.equal(c.AuthenticationResult, undefined);
      assert.equal(c.ChallengeName, 'MFA_SETUP');
      assert.deepEqual(c.ChallengeParameters, { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: 'nia' });
      await rejectsWith(respond(clientId, 'MFA_SETUP', c.Session, { USERNAME: 'nia' }), 'InvalidParameterException', /AssociateSoftwareToken/);

      const assoc = await s.client.send(new AssociateSoftwareTokenCommand({ Session: c.Session }));
      assert.match(assoc.SecretCode ?? '', /^[A-Z2-7]{32}$/);
      assert.ok(assoc.Session && assoc.Session !== c.Session);
      await rejectsWith(s.client.send(new AssociateSoftwareTokenCommand({ Session: c.Session })), 'NotAuthorizedException');
      const secret = assoc.SecretCode!;
      await rejectsWith(s.client.send(new VerifySoftwareTokenCommand({ Session: assoc.Session, UserCode: wrongTotpCode(secret, clock) })), 'EnableSoftwareTokenMFAException');
      const verified = await s.client.send(new VerifySoftwareTokenCommand({ Session: assoc.Session, UserCode: totpCode(secret, clock), FriendlyDeviceName: 'auth app' }));
      assert.equal(verified.Status, 'SUCCESS');
      assert.ok(verified.Session && verified.Session !== assoc.Session);
      await rejectsWith(respond(clientId, 'MFA_SETUP', assoc.Session, { USERNAME: 'nia' }), 'NotAuthorizedException');
      const done = await respond(clientId, 'MFA_SETUP', verified.Session, { USERNAME: 'nia' });
      assert.ok(done.AuthenticationResult?.AccessToken);
      const admin = await adminGetUser(poolId, 'nia');
      assert.deepEqual(admin.UserMFASettingList, ['SOFTWARE_TOKEN_MFA']);
      assert.equal(admin.PreferredMfaSetting, 'SOFTWARE_TOKEN_MFA');
      tick();
      const next = await signIn(clientId, 'nia');
      assert.equal(next.ChallengeName, 'SOFTWARE_TOKEN_MFA');
      assert.equal(next.ChallengeParameters?.['FRIENDLY_DEVICE_NAME'], 'auth app');
      assert.ok((await respond(clientId, 'SOFTWARE_TOKEN_MFA', next.Session, { USERNAME: 'nia', SOFTWARE_TOKEN_MFA_CODE: totpCode(secret, clock) })).AuthenticationResult);
      tick();

      // With SMS offered too, a user with a phone number gets SMS_MFA without setting anything up.
      const sms = await mfaPool({ MfaConfiguration: 'ON', SmsMfaConfiguration: { SmsConfiguration: SNS }, SoftwareTokenMfaConfiguration: { Enabled: true } });
      await createUser(s, sms.poolId, 'pia', PW, { phone_number: '+15555550160' });
      await createUser(s, sms.poolId, 'quin', PW);
      assert.equal((await signIn(sms.clientId, 'pia')).ChallengeName, 'SMS_MFA');
      const setup = await signIn(sms.clientId, 'quin');
      assert.equal(setup.ChallengeName, 'MFA_SETUP');
      assert.deepEqual(JSON.parse(setup.ChallengeParameters?.['MFAS_CAN_SETUP'] ?? ''), ['SMS_MFA', 'SOFTWARE_TOKEN_MFA']);
    });

    it('MFA ON: MFA_SETUP by email sets up and verifies the address', async () => {
      const { poolId, clientId } = await mfaPool({ MfaConfiguration: 'ON', EmailMfaConfiguration: {} }, { EmailConfiguration: SES });
      await createUser(s, poolId, 'ola', PW);
      const c = await signIn(clientId, 'ola');
      assert.equal(c.ChallengeName, 'MFA_SETUP');
      assert.deepEqual(JSON.parse(c.ChallengeParameters?.['MFAS_CAN_SETUP'] ?? ''), ['EMAIL_OTP']);
      await rejectsWith(respond(clientId, 'MFA_SETUP', c.Session, { USERNAME: 'ola', EMAIL: 'not-an-address' }), 'InvalidParameterException');
      await rejectsWith(s.client.send(new AssociateSoftwareTokenCommand({ Session: c.Session })), 'SoftwareTokenMFANotFoundException');
      const otp = await respond(clientId, 'MFA_SETUP', c.Session, { USERNAME: 'ola', EMAIL: 'ola@example.com' });
      assert.equal(otp.ChallengeName, 'EMAIL_OTP');
      assert.equal(otp.ChallengeParameters?.['CODE_DELIVERY_DESTINATION'], 'o***@e***');
      const [msg] = await outbox(s, poolId, 'ola');
      assert.equal(msg?.destination, 'ola@example.com');
      assert.ok((await respond(clientId, 'EMAIL_OTP', otp.Session, { USERNAME: 'ola', EMAIL_OTP_CODE: msg!.code! })).AuthenticationResult);
      const admin = await adminGetUser(poolId, 'ola');
      const attrs = Object.fromEntries((admin.UserAttributes ?? []).map((a) => [a.Name, a.Value]));
      assert.equal(attrs['email'], 'ola@example.com');
      assert.equal(attrs['email_verified'], 'true');
      assert.deepEqual(admin.UserMFASettingList, ['EMAIL_OTP']);
      assert.equal((await signIn(clientId, 'ola')).ChallengeName, 'EMAIL_OTP');
    });

    it('sessions belong to their user and client: other users, clients and steps get AWS errors and change nothing', async () => {
      const { poolId, clientId } = await mfaPool({ MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } });
      const other = (await createClient(s, poolId, { ClientName: 'other' })).clientId;
      await createUser(s, poolId, 'ann', PW);
      await createUser(s, poolId, 'bob', PW);
      const annSecret = await enrolTotp(await accessTokenOf(clientId, 'ann'));
      const bobSecret = await enrolTotp(await accessTokenOf(clientId, 'bob'));
      for (const u of ['ann', 'bob']) await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: u, SoftwareTokenMfaSettings: { Enabled: true } }));
      const c = await signIn(clientId, 'ann');
      const annCode = totpCode(annSecret, clock);
      await rejectsWith(respond(other, 'SOFTWARE_TOKEN_MFA', c.Session, { USERNAME: 'ann', SOFTWARE_TOKEN_MFA_CODE: annCode }), 'NotAuthorizedException', 'Invalid session for the user.');
      await rejectsWith(respond(clientId, 'SOFTWARE_TOKEN_MFA', c.Session, { USERNAME: 'bob', SOFTWARE_TOKEN_MFA_CODE: totpCode(bobSecret, clock) }), 'NotAuthorizedException', 'Invalid session for the user.');
      await rejectsWith(respond(clientId, 'SMS_MFA', c.Session, { USERNAME: 'ann', SMS_MFA_CODE: '123456' }), 'NotAuthorizedException', 'Invalid session for the user.');
      await rejectsWith(s.client.send(new AssociateSoftwareTokenCommand({ Session: c.Session })), 'NotAuthorizedException');
      await rejectsWith(s.client.send(new VerifySoftwareTokenCommand({ Session: c.Session, UserCode: annCode })), 'NotAuthorizedException');
      await rejectsWith(respond(clientId, 'SOFTWARE_TOKEN_MFA', 'not-a-session-of-this-server-at-all-xyz', { USERNAME: 'ann', SOFTWARE_TOKEN_MFA_CODE: annCode }), 'NotAuthorizedException');
      await rejectsWith(respond(clientId, 'SOFTWARE_TOKEN_MFA', undefined, { USERNAME: 'ann', SOFTWARE_TOKEN_MFA_CODE: annCode }), 'InvalidParameterException');
      await rejectsWith(s.client.send(new VerifySoftwareTokenCommand({ UserCode: annCode })), 'InvalidParameterException');
      // None of that used the session or the code.
      assert.ok((await respond(clientId, 'SOFTWARE_TOKEN_MFA', c.Session, { USERNAME: 'ann', SOFTWARE_TOKEN_MFA_CODE: annCode })).AuthenticationResult);
      tick();

      // A user disabled between the steps.
      const d = await signIn(clientId, 'bob');
      await s.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'bob' }));
      await rejectsWith(respond(clientId, 'SOFTWARE_TOKEN_MFA', d.Session, { USERNAME: 'bob', SOFTWARE_TOKEN_MFA_CODE: totpCode(bobSecret, clock) }), 'NotAuthorizedException', 'User is disabled.');
      await s.client.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'bob' }));
    });

    it('NEW_PASSWORD_REQUIRED comes first, then the MFA challenge', async () => {
      const poolId = await createPool(s, { MfaConfiguration: 'ON', SmsConfiguration: SNS, AutoVerifiedAttributes: ['phone_number'] });
      const clientId = (await createClient(s, poolId)).clientId;
      await s.client.send(
        new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'neo', TemporaryPassword: 'Temp0rary!', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'phone_number', Value: '+15555550170' }] }),
      );
      const c = await signIn(clientId, 'neo', 'Temp0rary!');
      assert.equal(c.ChallengeName, 'NEW_PASSWORD_REQUIRED');
      const mfa = await respond(clientId, 'NEW_PASSWORD_REQUIRED', c.Session, { USERNAME: 'neo', NEW_PASSWORD: PW });
      assert.equal(mfa.ChallengeName, 'SMS_MFA');
      assert.ok((await respond(clientId, 'SMS_MFA', mfa.Session, { USERNAME: 'neo', SMS_MFA_CODE: await latestCode(s, poolId, 'neo') })).AuthenticationResult);
      assert.equal((await adminGetUser(poolId, 'neo')).UserStatus, 'CONFIRMED');
    });
  });
}
