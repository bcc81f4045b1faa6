import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import {
  AdminCreateUserCommand,
  AdminDisableUserCommand,
  AdminEnableUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminResetUserPasswordCommand,
  AdminSetUserPasswordCommand,
  AdminUpdateUserAttributesCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { databases, rawCall, withServer } from './helpers/server.ts';
import { rejectsWith } from './helpers/errors.ts';
import { createClient, createPool, createUser } from './helpers/auth.ts';

const PW = 'Passw0rd!';
const secretHash = (secret: string, username: string, clientId: string): string => createHmac('sha256', secret).update(username + clientId).digest('base64');

for (const kind of await databases()) {
  describe(`sign-in (${kind})`, () => {
    const s = withServer(kind);
    let poolId: string;
    let clientId: string;
    before(async () => {
      poolId = await createPool(s);
      clientId = (await createClient(s, poolId)).clientId;
      await createUser(s, poolId, 'alice', PW, { email: 'alice@example.com', email_verified: 'true' });
    });

    const passwordAuth = (username: string, password: string, cid = clientId, extra: Record<string, string> = {}) =>
      s.client.send(new InitiateAuthCommand({ ClientId: cid, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password, ...extra } }));

    it('USER_PASSWORD_AUTH returns Cognito tokens and an empty ChallengeParameters', async () => {
      const raw = await rawCall(s.url, 'InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: PW } });
      assert.equal(raw.status, 200);
      assert.deepEqual(raw.json['ChallengeParameters'], {});
      const result = raw.json['AuthenticationResult'] as Record<string, unknown>;
      assert.deepEqual(Object.keys(result).sort(), ['AccessToken', 'ExpiresIn', 'IdToken', 'RefreshToken', 'TokenType']);
      assert.equal(result['ExpiresIn'], 3600);
      const id = decodeJwt(result['IdToken'] as string);
      assert.equal(id['cognito:username'], 'alice');
      assert.equal(id['email'], 'alice@example.com');
      assert.equal(id['email_verified'], true);
      assert.equal(id['iss'], `${s.url}/${poolId}`);
      const me = await s.client.send(new GetUserCommand({ AccessToken: result['AccessToken'] as string }));
      assert.equal(me.Username, 'alice');
      assert.equal(me.UserAttributes?.[0]?.Name, 'sub');
    });

    it('answers wrong passwords and unknown users as AWS does', async () => {
      await rejectsWith(passwordAuth('alice', 'Wrong1234!'), 'NotAuthorizedException', 'Incorrect username or password.');
      await rejectsWith(passwordAuth('nobody', PW), 'UserNotFoundException', 'User does not exist.');
      await rejectsWith(passwordAuth('alice', ''), 'InvalidParameterException');
      await rejectsWith(
        s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice' } })),
        'InvalidParameterException', 'Missing required parameter PASSWORD',
      );
      const hidden = (await createClient(s, poolId, { PreventUserExistenceErrors: 'ENABLED' })).clientId;
      await rejectsWith(passwordAuth('nobody', PW, hidden), 'NotAuthorizedException', 'Incorrect username or password.');
      await rejectsWith(
        s.client.send(new InitiateAuthCommand({ ClientId: 'nosuchclient1234567890abcd', AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: PW } })),
        'ResourceNotFoundException',
      );
    });

    it('enforces ExplicitAuthFlows and keeps ADMIN_ flows to the admin API', async () => {
      const srpOnly = (await createClient(s, poolId, { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })).clientId;
      await rejectsWith(passwordAuth('alice', PW, srpOnly), 'InvalidParameterException', 'USER_PASSWORD_AUTH flow not enabled for this client');
      await rejectsWith(
        s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: PW } })),
        'InvalidParameterException', 'Initiate Auth method not supported.',
      );
      await rejectsWith(
        s.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: srpOnly, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: PW } })),
        'InvalidParameterException', 'Auth flow not enabled for this client',
      );
      const admin = await s.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_NO_SRP_AUTH', AuthParameters: { USERNAME: 'alice', PASSWORD: PW } }));
      assert.ok(admin.AuthenticationResult?.IdToken);
      const defaults = (await createClient(s, poolId, { ExplicitAuthFlows: undefined })).clientId;
      await rejectsWith(passwordAuth('alice', PW, defaults), 'InvalidParameterException');
      // CUSTOM_AUTH is allowed by default; this pool has no DefineAuthChallenge function.
      await rejectsWith(
        s.client.send(new InitiateAuthCommand({ ClientId: defaults, AuthFlow: 'CUSTOM_AUTH', AuthParameters: { USERNAME: 'alice' } })),
        'InvalidParameterException', /Custom auth lambda trigger is not configured for the user pool\./,
      );
    });

    it('checks SECRET_HASH for clients with a secret (refresh uses the real username)', async () => {
      const { clientId: cid, secret } = await createClient(s, poolId, { GenerateSecret: true });
      assert.ok(secret);
      await rejectsWith(passwordAuth('alice', PW, cid), 'NotAuthorizedException', `Client ${cid} is configured with secret but SECRET_HASH was not received`);
      await rejectsWith(passwordAuth('alice', PW, cid, { SECRET_HASH: secretHash(secret, 'bob', cid) }), 'NotAuthorizedException', `Unable to verify secret hash for client ${cid}`);
      const ok = await passwordAuth('alice', PW, cid, { SECRET_HASH: secretHash(secret, 'alice', cid) });
      const refreshed = await s.client.send(
        new InitiateAuthCommand({ ClientId: cid, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: ok.AuthenticationResult!.RefreshToken!, SECRET_HASH: secretHash(secret, 'alice', cid) } }),
      );
      assert.ok(refreshed.AuthenticationResult?.AccessToken);
    });

    it('refuses disabled, unconfirmed and reset-required users', async () => {
      await createUser(s, poolId, 'dora', PW);
      await s.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dora' }));
      await rejectsWith(passwordAuth('dora', PW), 'NotAuthorizedException', 'User is disabled.');
      await s.client.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'dora' }));
      const fresh = (await passwordAuth('dora', PW)).AuthenticationResult!;
      assert.equal((await s.client.send(new GetUserCommand({ AccessToken: fresh.AccessToken! }))).Username, 'dora');
      // Disabling revokes what was issued before; re-enabling does not bring it back.
      await s.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'dora' }));
      await rejectsWith(s.client.send(new GetUserCommand({ AccessToken: fresh.AccessToken! })), 'NotAuthorizedException');
      await s.client.send(new AdminEnableUserCommand({ UserPoolId: poolId, Username: 'dora' }));
      await rejectsWith(s.client.send(new GetUserCommand({ AccessToken: fresh.AccessToken! })), 'NotAuthorizedException', 'Access Token has been revoked');
      await rejectsWith(
        s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: fresh.RefreshToken! } })),
        'NotAuthorizedException', 'Refresh Token has been revoked',
      );
      const again = (await passwordAuth('dora', PW)).AuthenticationResult!;
      assert.equal((await s.client.send(new GetUserCommand({ AccessToken: again.AccessToken! }))).Username, 'dora');

      await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'ursula', Password: PW }));
      await rejectsWith(passwordAuth('ursula', PW), 'UserNotConfirmedException', 'User is not confirmed.');

      await createUser(s, poolId, 'rita', PW, { email: 'rita@example.com', email_verified: 'true' });
      await s.client.send(new AdminResetUserPasswordCommand({ UserPoolId: poolId, Username: 'rita' }));
      await rejectsWith(passwordAuth('rita', PW), 'PasswordResetRequiredException', 'Password reset required for the user');
    });

    it('locks a user out after repeated wrong passwords, then lets them back in', async () => {
      await createUser(s, poolId, 'larry', PW);
      for (let i = 0; i < 5; i++) await rejectsWith(passwordAuth('larry', 'Wrong1234!'), 'NotAuthorizedException', 'Incorrect username or password.');
      await rejectsWith(passwordAuth('larry', PW), 'NotAuthorizedException', 'Password attempts exceeded');
      const realNow = s.deps.now;
      s.deps.now = () => realNow() + 2_000;
      try {
        assert.ok((await passwordAuth('larry', PW)).AuthenticationResult);
        // A success clears the count: one more failure does not lock again.
        await rejectsWith(passwordAuth('larry', 'Wrong1234!'), 'NotAuthorizedException', 'Incorrect username or password.');
        assert.ok((await passwordAuth('larry', PW)).AuthenticationResult);
      } finally {
        s.deps.now = realNow;
      }
    });

    it('NEW_PASSWORD_REQUIRED: JSON-string parameters, required attributes, policy, single-use session', async () => {
      const pid = await createPool(s, { Schema: [{ Name: 'name', AttributeDataType: 'String', Required: true, Mutable: true }] });
      const cid = (await createClient(s, pid)).clientId;
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: pid, Username: 'nina', TemporaryPassword: 'Temp1234!', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'nina@example.com' }] }));
      const start = await s.client.send(new InitiateAuthCommand({ ClientId: cid, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'nina', PASSWORD: 'Temp1234!' } }));
      assert.equal(start.ChallengeName, 'NEW_PASSWORD_REQUIRED');
      assert.ok(start.Session && start.Session.length >= 20);
      const params = start.ChallengeParameters!;
      assert.equal(params['USER_ID_FOR_SRP'], 'nina');
      assert.deepEqual(JSON.parse(params['requiredAttributes']!), ['userAttributes.name']);
      assert.deepEqual(JSON.parse(params['userAttributes']!), { email: 'nina@example.com' });
      const respond = (responses: Record<string, string>, session = start.Session) =>
        s.client.send(new RespondToAuthChallengeCommand({ ClientId: cid, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: session, ChallengeResponses: { USERNAME: 'nina', ...responses } }));
      await rejectsWith(respond({ NEW_PASSWORD: 'NewPass123!' }), 'InvalidParameterException', 'Invalid attributes given, name is missing');
      await rejectsWith(respond({ NEW_PASSWORD: 'short', 'userAttributes.name': 'Nina' }), 'InvalidPasswordException', 'Password did not conform with policy: Password not long enough');
      const done = await respond({ NEW_PASSWORD: 'NewPass123!', 'userAttributes.name': 'Nina' });
      assert.deepEqual(done.ChallengeParameters, {});
      assert.equal(decodeJwt(done.AuthenticationResult!.IdToken!)['name'], 'Nina');
      await rejectsWith(respond({ NEW_PASSWORD: 'NewPass123!', 'userAttributes.name': 'Nina' }), 'NotAuthorizedException', 'Invalid session for the user.');
      const user = await s.client.send(new AdminGetUserCommand({ UserPoolId: pid, Username: 'nina' }));
      assert.equal(user.UserStatus, 'CONFIRMED');
      assert.ok((await s.client.send(new InitiateAuthCommand({ ClientId: cid, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'nina', PASSWORD: 'NewPass123!' } }))).AuthenticationResult);
    });

    it('challenge sessions expire after the client AuthSessionValidity; temporary passwords expire', async () => {
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'tim', TemporaryPassword: 'Temp1234!', MessageAction: 'SUPPRESS' }));
      const start = await passwordAuth('tim', 'Temp1234!');
      const realNow = s.deps.now;
      try {
        s.deps.now = () => realNow() + 3 * 60_000 + 1_000;
        await rejectsWith(
          s.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: start.Session, ChallengeResponses: { USERNAME: 'tim', NEW_PASSWORD: 'NewPass123!' } })),
          'NotAuthorizedException', 'Invalid session for the user, session is expired.',
        );
        s.deps.now = () => realNow() + 8 * 86_400_000;
        await rejectsWith(passwordAuth('tim', 'Temp1234!'), 'NotAuthorizedException', 'Temporary password has expired and must be reset by an administrator.');
      } finally {
        s.deps.now = realNow;
      }
      await s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'tim', Password: 'Temp5678!', Permanent: false }));
      assert.equal((await passwordAuth('tim', 'Temp5678!')).ChallengeName, 'NEW_PASSWORD_REQUIRED');
    });

    it('signs in with a verified email alias and with email-as-username', async () => {
      const aliasPool = await createPool(s, { AliasAttributes: ['email'] });
      const aliasClient = (await createClient(s, aliasPool)).clientId;
      await createUser(s, aliasPool, 'victor', PW, { email: 'Victor@Example.com', email_verified: 'true' });
      const r = await passwordAuth('victor@example.com', PW, aliasClient);
      assert.equal(decodeJwt(r.AuthenticationResult!.AccessToken!)['username'], 'victor');
      await s.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: aliasPool, Username: 'victor', UserAttributes: [{ Name: 'email_verified', Value: 'false' }] }));
      await rejectsWith(passwordAuth('victor@example.com', PW, aliasClient), 'UserNotFoundException');

      const emailPool = await createPool(s, { UsernameAttributes: ['email'] });
      const emailClient = (await createClient(s, emailPool)).clientId;
      await createUser(s, emailPool, 'wendy@example.com', PW);
      const w = await passwordAuth('wendy@example.com', PW, emailClient);
      const access = decodeJwt(w.AuthenticationResult!.AccessToken!);
      assert.match(String(access['username']), /^[0-9a-f-]{36}$/);
      assert.equal(access['username'], access['sub']);
    });

    it('refresh: REFRESH_TOKEN_AUTH keeps auth_time and origin_jti and returns no refresh token', async () => {
      const first = await passwordAuth('alice', PW);
      const rt = first.AuthenticationResult!.RefreshToken!;
      for (const flow of ['REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN'] as const) {
        const r = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: flow, AuthParameters: { REFRESH_TOKEN: rt } }));
        assert.equal(r.AuthenticationResult?.RefreshToken, undefined);
        const a0 = decodeJwt(first.AuthenticationResult!.AccessToken!);
        const a1 = decodeJwt(r.AuthenticationResult!.AccessToken!);
        assert.equal(a1['origin_jti'], a0['origin_jti']);
        assert.equal(a1['auth_time'], a0['auth_time']);
        assert.notEqual(a1['jti'], a0['jti']);
      }
      await rejectsWith(
        s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: 'garbage' } })),
        'NotAuthorizedException', 'Invalid Refresh Token',
      );
      const other = (await createClient(s, poolId)).clientId;
      await rejectsWith(
        s.client.send(new InitiateAuthCommand({ ClientId: other, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: rt } })),
        'NotAuthorizedException', 'Invalid Refresh Token',
      );
    });

    it('USER_AUTH: preferred PASSWORD / PASSWORD_SRP, or SELECT_CHALLENGE', async () => {
      const cid = (await createClient(s, poolId, { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })).clientId;
      const direct = await s.client.send(new InitiateAuthCommand({ ClientId: cid, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'alice', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: PW } }));
      assert.ok(direct.AuthenticationResult?.AccessToken);
      const select = await s.client.send(new InitiateAuthCommand({ ClientId: cid, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'alice' } }));
      assert.equal(select.ChallengeName, 'SELECT_CHALLENGE');
      assert.deepEqual(select.AvailableChallenges, ['PASSWORD_SRP', 'PASSWORD']);
      await rejectsWith(
        s.client.send(new RespondToAuthChallengeCommand({ ClientId: cid, ChallengeName: 'SELECT_CHALLENGE', Session: select.Session, ChallengeResponses: { USERNAME: 'alice', ANSWER: 'PASSWORD', PASSWORD: 'Wrong1234!' } })),
        'NotAuthorizedException', 'Incorrect username or password.',
      );
      const again = await s.client.send(new InitiateAuthCommand({ ClientId: cid, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'alice' } }));
      const done = await s.client.send(new RespondToAuthChallengeCommand({ ClientId: cid, ChallengeName: 'SELECT_CHALLENGE', Session: again.Session, ChallengeResponses: { USERNAME: 'alice', ANSWER: 'PASSWORD', PASSWORD: PW } }));
      assert.ok(done.AuthenticationResult?.IdToken);
      const srp = await s.client.send(new InitiateAuthCommand({ ClientId: cid, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'alice', PREFERRED_CHALLENGE: 'PASSWORD_SRP', SRP_A: 'abcdef0123456789' } }));
      assert.equal(srp.ChallengeName, 'PASSWORD_VERIFIER');
      await rejectsWith(passwordAuth('alice', PW, cid), 'InvalidParameterException', 'USER_PASSWORD_AUTH flow not enabled for this client');
    });

    it('does not skip MFA when the pool requires it (SMS_MFA challenge instead of tokens; MFA itself: test/mfa*.test.ts)', async () => {
      const pid = await createPool(s, { MfaConfiguration: 'ON', SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns', ExternalId: 'x' }, AutoVerifiedAttributes: ['phone_number'] });
      const cid = (await createClient(s, pid)).clientId;
      await createUser(s, pid, 'mia', PW, { phone_number: '+15555550100', phone_number_verified: 'true' });
      const r = await passwordAuth('mia', PW, cid);
      assert.equal(r.AuthenticationResult, undefined);
      assert.equal(r.ChallengeName, 'SMS_MFA');
    });

    it('token lifetimes follow the client settings and units', async () => {
      const cid = (await createClient(s, poolId, { AccessTokenValidity: 10, IdTokenValidity: 2, TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'hours' } })).clientId;
      const r = await passwordAuth('alice', PW, cid);
      assert.equal(r.AuthenticationResult!.ExpiresIn, 600);
      const id = decodeJwt(r.AuthenticationResult!.IdToken!);
      assert.equal(id.exp! - id.iat!, 7200);
      const access = decodeJwt(r.AuthenticationResult!.AccessToken!);
      assert.equal(access.exp! - access.iat!, 600);
    });
  });
}
