/**
 * USER_AUTH with one-time passwords as the first factor (EMAIL_OTP, SMS_OTP): the pool's
 * SignInPolicy.AllowedFirstAuthFactors, PREFERRED_CHALLENGE, SELECT_CHALLENGE with the factors the
 * user can use, the code from the outbox, tokens that verify, wrong codes, unknown users per
 * PreventUserExistenceErrors, no one-time passwords where MFA would be asked, and
 * GetUserAuthFactors agreeing with what sign-in offers.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminInitiateAuthCommand,
  AdminSetUserMFAPreferenceCommand,
  GetUserAuthFactorsCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
  type InitiateAuthCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import { JwtVerifier } from 'aws-jwt-verify';
import { createClient, createPool, createUser, latestCode, outbox } from './helpers/auth.ts';
import { rejectsWith } from './helpers/errors.ts';
import { databases, withServer } from './helpers/server.ts';

const PW = 'Passw0rd!otp';
const SNS = { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns', ExternalId: 'x' };

for (const kind of await databases()) {
  describe(`USER_AUTH with EMAIL_OTP / SMS_OTP first factors (${kind})`, () => {
    const s = withServer(kind);

    async function otpPool(factors: string[], hideUsers = false): Promise<{ poolId: string; clientId: string }> {
      const poolId = await createPool(s, { PoolName: 'otp', Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors as never } }, SmsConfiguration: SNS });
      const { clientId } = await createClient(s, poolId, {
        ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        PreventUserExistenceErrors: hideUsers ? 'ENABLED' : 'LEGACY',
      });
      await createUser(s, poolId, 'olive', PW, { email: 'olive@example.com', email_verified: 'true', phone_number: '+15555550142', phone_number_verified: 'true' });
      await createUser(s, poolId, 'unverified', PW, { email: 'unverified@example.com' });
      return { poolId, clientId };
    }

    const start = (clientId: string, username: string, preferred?: string): Promise<InitiateAuthCommandOutput> =>
      s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: username, ...(preferred ? { PREFERRED_CHALLENGE: preferred } : {}) } }));
    const answer = (clientId: string, name: string, session: string, responses: Record<string, string>) =>
      s.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: name as never, Session: session, ChallengeResponses: { USERNAME: 'olive', ...responses } }));

    async function verified(poolId: string, token: string): Promise<Record<string, unknown>> {
      const verifier = JwtVerifier.create({ issuer: `${s.url}/${poolId}`, jwksUri: `${s.url}/${poolId}/.well-known/jwks.json`, audience: null });
      verifier.cacheJwks((await (await fetch(`${s.url}/${poolId}/.well-known/jwks.json`)).json()) as Parameters<typeof verifier.cacheJwks>[0]);
      return (await verifier.verify(token)) as Record<string, unknown>;
    }

    it('PREFERRED_CHALLENGE=EMAIL_OTP: the code by email, answered with EMAIL_OTP_CODE, gives tokens that verify', async () => {
      const { poolId, clientId } = await otpPool(['PASSWORD', 'EMAIL_OTP', 'SMS_OTP']);
      const challenge = await start(clientId, 'olive', 'EMAIL_OTP');
      assert.equal(challenge.ChallengeName, 'EMAIL_OTP');
      assert.deepEqual(challenge.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'EMAIL', CODE_DELIVERY_DESTINATION: 'o***@e***' });
      const [message] = await outbox(s, poolId, 'olive');
      assert.equal(message!.channel, 'EMAIL');
      assert.equal(message!.kind, 'AUTHENTICATION');
      const done = await answer(clientId, 'EMAIL_OTP', challenge.Session!, { EMAIL_OTP_CODE: message!.code! });
      const access = await verified(poolId, done.AuthenticationResult!.AccessToken!);
      assert.equal(access['username'], 'olive');
      assert.ok(done.AuthenticationResult?.RefreshToken);
      // The session worked once.
      await rejectsWith(answer(clientId, 'EMAIL_OTP', challenge.Session!, { EMAIL_OTP_CODE: message!.code! }), 'NotAuthorizedException');
    });

    it('SELECT_CHALLENGE lists the factors the user can use; ANSWER=SMS_OTP sends the code by SMS', async () => {
      const { poolId, clientId } = await otpPool(['PASSWORD', 'EMAIL_OTP', 'SMS_OTP']);
      const select = await start(clientId, 'olive');
      assert.equal(select.ChallengeName, 'SELECT_CHALLENGE');
      assert.deepEqual(select.AvailableChallenges, ['PASSWORD_SRP', 'PASSWORD', 'EMAIL_OTP', 'SMS_OTP']);
      const sms = await answer(clientId, 'SELECT_CHALLENGE', select.Session!, { ANSWER: 'SMS_OTP' });
      assert.equal(sms.ChallengeName, 'SMS_OTP');
      assert.deepEqual(sms.ChallengeParameters, { CODE_DELIVERY_DELIVERY_MEDIUM: 'SMS', CODE_DELIVERY_DESTINATION: '+*******0142' });
      const code = await latestCode(s, poolId, 'olive');
      const done = await answer(clientId, 'SMS_OTP', sms.Session!, { SMS_OTP_CODE: code });
      assert.ok(done.AuthenticationResult?.IdToken);

      // A user without a verified email or phone number is offered the password only, and EMAIL_OTP is refused.
      const other = await start(clientId, 'unverified');
      assert.deepEqual(other.AvailableChallenges, ['PASSWORD_SRP', 'PASSWORD']);
      await rejectsWith(
        s.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'SELECT_CHALLENGE', Session: other.Session!, ChallengeResponses: { USERNAME: 'unverified', ANSWER: 'EMAIL_OTP' } })),
        'InvalidParameterException',
        'Invalid ANSWER EMAIL_OTP: the available challenges are PASSWORD_SRP, PASSWORD.',
      );
      // Preferring a factor the user cannot use: the choice instead.
      assert.equal((await start(clientId, 'unverified', 'EMAIL_OTP')).ChallengeName, 'SELECT_CHALLENGE');
    });

    it('wrong codes: CodeMismatchException, and the session ends after three', async () => {
      const { poolId, clientId } = await otpPool(['EMAIL_OTP']);
      const challenge = await start(clientId, 'olive', 'EMAIL_OTP');
      const code = await latestCode(s, poolId, 'olive');
      const wrong = code === '000000' ? '111111' : '000000';
      for (let i = 0; i < 3; i++) {
        await rejectsWith(answer(clientId, 'EMAIL_OTP', challenge.Session!, { EMAIL_OTP_CODE: wrong }), 'CodeMismatchException', 'Invalid code or auth state for the user.');
      }
      await rejectsWith(answer(clientId, 'EMAIL_OTP', challenge.Session!, { EMAIL_OTP_CODE: code }), 'NotAuthorizedException', 'Invalid session for the user, session is expired.');
    });

    it('a pool that does not allow the one-time passwords offers only the password', async () => {
      const { clientId } = await otpPool(['PASSWORD']);
      const select = await start(clientId, 'olive', 'EMAIL_OTP');
      assert.equal(select.ChallengeName, 'SELECT_CHALLENGE');
      assert.deepEqual(select.AvailableChallenges, ['PASSWORD_SRP', 'PASSWORD']);
    });

    it('unknown users: LEGACY → UserNotFoundException; ENABLED → a believable challenge, no message, every code wrong', async () => {
      const legacy = await otpPool(['EMAIL_OTP']);
      await rejectsWith(start(legacy.clientId, 'ghost', 'EMAIL_OTP'), 'UserNotFoundException');
      const hidden = await otpPool(['EMAIL_OTP'], true);
      const challenge = await start(hidden.clientId, 'ghost@example.com', 'EMAIL_OTP');
      assert.equal(challenge.ChallengeName, 'EMAIL_OTP');
      assert.equal(challenge.ChallengeParameters?.['CODE_DELIVERY_DESTINATION'], 'g***@e***');
      assert.deepEqual(await outbox(s, hidden.poolId), []);
      await rejectsWith(
        s.client.send(new RespondToAuthChallengeCommand({ ClientId: hidden.clientId, ChallengeName: 'EMAIL_OTP', Session: challenge.Session!, ChallengeResponses: { USERNAME: 'ghost@example.com', EMAIL_OTP_CODE: '123456' } })),
        'CodeMismatchException',
      );
    });

    it('AdminInitiateAuth USER_AUTH works the same; GetUserAuthFactors lists what sign-in offers', async () => {
      const { poolId, clientId } = await otpPool(['PASSWORD', 'EMAIL_OTP']);
      const challenge = await s.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'olive', PREFERRED_CHALLENGE: 'EMAIL_OTP' } }));
      assert.equal(challenge.ChallengeName, 'EMAIL_OTP');
      const done = await answer(clientId, 'EMAIL_OTP', challenge.Session!, { EMAIL_OTP_CODE: await latestCode(s, poolId, 'olive') });
      const factors = await s.client.send(new GetUserAuthFactorsCommand({ AccessToken: done.AuthenticationResult!.AccessToken! }));
      assert.deepEqual(factors.ConfiguredUserAuthFactors, ['PASSWORD', 'EMAIL_OTP']);
    });

    it('no one-time passwords where MFA would be asked: users with MFA in an MFA-optional pool, everyone in an MFA-required pool', async () => {
      const { poolId, clientId } = await otpPool(['PASSWORD', 'EMAIL_OTP', 'SMS_OTP']);
      await s.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SmsMfaConfiguration: { SmsConfiguration: SNS } }));
      await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'olive', SMSMfaSettings: { Enabled: true } }));
      await createUser(s, poolId, 'plain', PW, { email: 'plain@example.com', email_verified: 'true' });

      // With SMS MFA on, olive gets the password only, and the password still leads to SMS_MFA.
      const select = await start(clientId, 'olive');
      assert.deepEqual(select.AvailableChallenges, ['PASSWORD_SRP', 'PASSWORD']);
      assert.equal((await start(clientId, 'olive', 'EMAIL_OTP')).ChallengeName, 'SELECT_CHALLENGE');
      const mfa = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: 'olive', PREFERRED_CHALLENGE: 'PASSWORD', PASSWORD: PW } }));
      assert.equal(mfa.ChallengeName, 'SMS_MFA');
      const done = await answer(clientId, 'SMS_MFA', mfa.Session!, { SMS_MFA_CODE: await latestCode(s, poolId, 'olive') });
      const oliveFactors = await s.client.send(new GetUserAuthFactorsCommand({ AccessToken: done.AuthenticationResult!.AccessToken! }));
      assert.deepEqual(oliveFactors.ConfiguredUserAuthFactors, ['PASSWORD']);
      assert.deepEqual(oliveFactors.UserMFASettingList, ['SMS_MFA']);

      // A user without MFA in the same pool signs in with a code, and no MFA follows.
      const email = await start(clientId, 'plain', 'EMAIL_OTP');
      assert.equal(email.ChallengeName, 'EMAIL_OTP');
      const plain = await s.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'EMAIL_OTP', Session: email.Session!, ChallengeResponses: { USERNAME: 'plain', EMAIL_OTP_CODE: await latestCode(s, poolId, 'plain') } }));
      const plainToken = plain.AuthenticationResult!.AccessToken!;
      assert.deepEqual((await s.client.send(new GetUserAuthFactorsCommand({ AccessToken: plainToken }))).ConfiguredUserAuthFactors, ['PASSWORD', 'EMAIL_OTP']);

      // MFA required: nobody is offered a one-time password.
      await s.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'ON', SmsMfaConfiguration: { SmsConfiguration: SNS } }));
      assert.deepEqual((await start(clientId, 'plain')).AvailableChallenges, ['PASSWORD_SRP', 'PASSWORD']);
      assert.deepEqual((await s.client.send(new GetUserAuthFactorsCommand({ AccessToken: plainToken }))).ConfiguredUserAuthFactors, ['PASSWORD']);
    });
  });
}
