/**
 * amazon-cognito-identity-js's own remembered-device flow against the real server, on a pool that
 * requires MFA (SMS, code from the outbox) and remembers devices on the user's say-so:
 * authenticateUser → SMS_MFA → NewDeviceMetadata → the library calls ConfirmDevice itself →
 * setDeviceStatusRemembered → a second sign-in with the cached device key
 * (getCachedDeviceKeyAndPassword) goes through DEVICE_SRP_AUTH and asks for no MFA code.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminListDevicesCommand } from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { databases, withServer } from './helpers/server.ts';
import { createClient, createPool, createUser, latestCode, outbox } from './helpers/auth.ts';
import { MemoryStorage } from './helpers/identity-js.ts';

const PW = 'Passw0rd!';

interface SignInOutcome {
  session: CognitoUserSession;
  userConfirmationNecessary: boolean | undefined;
  mfaPrompts: string[];
}

for (const kind of await databases()) {
  describe(`amazon-cognito-identity-js remembered devices (${kind})`, () => {
    const s = withServer(kind);
    let poolId: string;
    let userPool: CognitoUserPool;
    const storage = new MemoryStorage();
    /** Every request the library makes, as `Operation` or `RespondToAuthChallenge:<name>`. */
    const calls: string[] = [];

    before(async () => {
      poolId = await createPool(s, {
        MfaConfiguration: 'ON',
        SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns', ExternalId: 'x' },
        AutoVerifiedAttributes: ['phone_number'],
        DeviceConfiguration: { ChallengeRequiredOnNewDevice: true, DeviceOnlyRememberedOnUserPrompt: true },
      });
      const clientId = (await createClient(s, poolId)).clientId;
      await createUser(s, poolId, 'dana', PW, { phone_number: '+15555550190', phone_number_verified: 'true' });
      userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: `${s.url}/`, Storage: storage });
      const client = (userPool as unknown as { client: { request: (op: string, params: Record<string, unknown>, cb: unknown) => void } }).client;
      const request = client.request.bind(client);
      client.request = (op, params, cb) => {
        calls.push(op === 'RespondToAuthChallenge' ? `${op}:${String(params['ChallengeName'])}` : op);
        request(op, params, cb);
      };
    });

    /** authenticateUser, answering an SMS MFA prompt with the code from the outbox. */
    function signIn(user: CognitoUser): Promise<SignInOutcome> {
      const mfaPrompts: string[] = [];
      return new Promise((resolve, reject) => {
        const done = {
          onSuccess: (session: CognitoUserSession, userConfirmationNecessary?: boolean) => resolve({ session, userConfirmationNecessary, mfaPrompts }),
          onFailure: reject,
        };
        user.authenticateUser(new AuthenticationDetails({ Username: 'dana', Password: PW }), {
          ...done,
          mfaRequired: (challengeName: string) => {
            mfaPrompts.push(challengeName);
            latestCode(s, poolId, 'dana').then((code) => user.sendMFACode(code, done), reject);
          },
          totpRequired: () => reject(new Error('unexpected TOTP prompt')),
          mfaSetup: () => reject(new Error('unexpected MFA_SETUP')),
        });
      });
    }
    const callback = <T>(run: (cb: { onSuccess: (v: T) => void; onFailure: (e: unknown) => void }) => void): Promise<T> =>
      new Promise((resolve, reject) => run({ onSuccess: resolve, onFailure: reject }));

    it('first sign-in: MFA, NewDeviceMetadata, ConfirmDevice by the library; then setDeviceStatusRemembered', async () => {
      const user = new CognitoUser({ Username: 'dana', Pool: userPool, Storage: storage });
      const first = await signIn(user);
      assert.deepEqual(first.mfaPrompts, ['SMS_MFA']);
      assert.deepEqual(calls.splice(0), ['InitiateAuth', 'RespondToAuthChallenge:PASSWORD_VERIFIER', 'RespondToAuthChallenge:SMS_MFA', 'ConfirmDevice']);
      assert.equal(first.userConfirmationNecessary, true, 'DeviceOnlyRememberedOnUserPrompt');
      const deviceKey = first.session.getAccessToken().decodePayload()['device_key'] as string;
      assert.match(deviceKey, /^us-east-1_[0-9a-f-]{36}$/);
      const prefix = `CognitoIdentityServiceProvider.${userPool.getClientId()}.dana`;
      assert.equal(storage.getItem(`${prefix}.deviceKey`), deviceKey);
      assert.ok(storage.getItem(`${prefix}.randomPasswordKey`));
      assert.ok(storage.getItem(`${prefix}.deviceGroupKey`));

      const listed = await callback<{ Devices: Array<{ DeviceKey: string; DeviceAttributes: Array<{ Name: string; Value: string }> }> }>((cb) => user.listDevices(60, null, cb));
      assert.equal(listed.Devices.length, 1);
      const attrs = Object.fromEntries(listed.Devices[0]!.DeviceAttributes.map((a) => [a.Name, a.Value]));
      assert.equal(attrs['dev:device_remembered_status'], 'not_remembered');
      assert.ok(attrs['device_name'], 'the library names the device after its user agent');

      assert.equal(await callback<string>((cb) => user.setDeviceStatusRemembered(cb)), 'SUCCESS');
      calls.splice(0);
      const admin = await s.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'dana' }));
      assert.equal(admin.Devices?.[0]?.DeviceAttributes?.find((a) => a.Name === 'dev:device_remembered_status')?.Value, 'remembered');
    });

    it('second sign-in with the cached device key: DEVICE_SRP_AUTH, no MFA code; refresh sends the device key', async () => {
      const sent = (await outbox(s, poolId, 'dana')).length;
      const user = new CognitoUser({ Username: 'dana', Pool: userPool, Storage: storage });
      const second = await signIn(user);
      assert.deepEqual(second.mfaPrompts, []);
      assert.deepEqual(calls.splice(0), ['InitiateAuth', 'RespondToAuthChallenge:PASSWORD_VERIFIER', 'RespondToAuthChallenge:DEVICE_SRP_AUTH', 'RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER']);
      assert.equal((await outbox(s, poolId, 'dana')).length, sent, 'no SMS code was sent');
      user.getCachedDeviceKeyAndPassword();
      const cachedKey = storage.getItem(`CognitoIdentityServiceProvider.${userPool.getClientId()}.dana.deviceKey`);
      assert.equal(second.session.getAccessToken().decodePayload()['device_key'], cachedKey);

      const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
        user.refreshSession(second.session.getRefreshToken(), (err: Error | null, session: CognitoUserSession) => (err ? reject(err) : resolve(session))),
      );
      assert.deepEqual(calls.splice(0), ['InitiateAuth']);
      assert.equal(refreshed.getAccessToken().decodePayload()['device_key'], cachedKey);
    });

    it('forgetDevice: the next sign-in asks for MFA again and registers a new device', async () => {
      const user = new CognitoUser({ Username: 'dana', Pool: userPool, Storage: storage });
      const signedIn = await signIn(user);
      const oldKey = signedIn.session.getAccessToken().decodePayload()['device_key'];
      calls.splice(0);
      assert.equal(await callback<string>((cb) => user.forgetDevice(cb)), 'SUCCESS');
      assert.deepEqual(calls.splice(0), ['ForgetDevice']);
      const again = await signIn(new CognitoUser({ Username: 'dana', Pool: userPool, Storage: storage }));
      assert.deepEqual(again.mfaPrompts, ['SMS_MFA']);
      assert.deepEqual(calls.splice(0), ['InitiateAuth', 'RespondToAuthChallenge:PASSWORD_VERIFIER', 'RespondToAuthChallenge:SMS_MFA', 'ConfirmDevice']);
      assert.notEqual(again.session.getAccessToken().decodePayload()['device_key'], oldKey);
    });

    it('a device key the server does not know: the library drops it and signs in again from the password step', async () => {
      const prefix = `CognitoIdentityServiceProvider.${userPool.getClientId()}.dana`;
      storage.setItem(`${prefix}.deviceKey`, 'us-east-1_00000000-0000-4000-8000-000000000000');
      const result = await signIn(new CognitoUser({ Username: 'dana', Pool: userPool, Storage: storage }));
      assert.deepEqual(result.mfaPrompts, ['SMS_MFA']);
      assert.deepEqual(calls.splice(0), [
        'InitiateAuth',
        'RespondToAuthChallenge:PASSWORD_VERIFIER',
        'RespondToAuthChallenge:PASSWORD_VERIFIER',
        'RespondToAuthChallenge:SMS_MFA',
        'ConfirmDevice',
      ]);
    });
  });
}
