/**
 * Remembered devices end to end with the AWS SDK v3: NewDeviceMetadata, ConfirmDevice with a
 * device SRP verifier computed here, DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER, MFA skipped on a
 * remembered device, device-bound refresh tokens, the device operations, and other users' or
 * unknown device keys.
 */
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import {
  AdminDeleteUserCommand,
  AdminForgetDeviceCommand,
  AdminGetDeviceCommand,
  AdminListDevicesCommand,
  AdminUpdateDeviceStatusCommand,
  ConfirmDeviceCommand,
  DeleteUserPoolCommand,
  ForgetDeviceCommand,
  GetDeviceCommand,
  GetTokensFromRefreshTokenCommand,
  InitiateAuthCommand,
  ListDevicesCommand,
  RespondToAuthChallengeCommand,
  UpdateDeviceStatusCommand,
  type AuthenticationResultType,
  type ChallengeNameType,
  type CreateUserPoolCommandInput,
  type DeviceType,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { databases, withServer } from './helpers/server.ts';
import { rejectsWith } from './helpers/errors.ts';
import { createClient, createPool, createUser, latestCode, outbox } from './helpers/auth.ts';
import { deviceSecret, deviceSrpRespond, deviceSrpStart, type DeviceSecret } from './helpers/mfa.ts';
import { srpClientRespond, srpClientStart } from './helpers/srp-client.ts';

const PW = 'Passw0rd!';
const SNS = { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns', ExternalId: 'x' };
const SMS_MFA_ON: Partial<CreateUserPoolCommandInput> = { MfaConfiguration: 'ON', SmsConfiguration: SNS, AutoVerifiedAttributes: ['phone_number'] };

const attrsOf = (d: DeviceType | undefined): Record<string, string> => Object.fromEntries((d?.DeviceAttributes ?? []).map((a) => [a.Name ?? '', a.Value ?? '']));

for (const kind of await databases()) {
  describe(`devices (${kind})`, () => {
    const s = withServer(kind);
    let clock = 0;
    before(async () => {
      clock = Date.now();
      s.deps.now = () => clock;
    });

    async function devicePool(deviceConfiguration: Record<string, boolean> | undefined, create: Partial<CreateUserPoolCommandInput> = {}) {
      const poolId = await createPool(s, { ...(deviceConfiguration ? { DeviceConfiguration: deviceConfiguration } : {}), ...create });
      return { poolId, clientId: (await createClient(s, poolId)).clientId };
    }
    const signIn = (clientId: string, username: string, extra: Record<string, string> = {}) =>
      s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: PW, ...extra } }));
    const respond = (clientId: string, name: ChallengeNameType, session: string | undefined, responses: Record<string, string>) =>
      s.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: name, Session: session, ChallengeResponses: responses }));
    /** Answers an SMS_MFA challenge with the code from the outbox. */
    async function passSms(poolId: string, clientId: string, username: string, r: { ChallengeName?: string | undefined; Session?: string | undefined; AuthenticationResult?: AuthenticationResultType | undefined }) {
      if (r.ChallengeName !== 'SMS_MFA') return r;
      return respond(clientId, 'SMS_MFA', r.Session, { USERNAME: username, SMS_MFA_CODE: await latestCode(s, poolId, username) });
    }
    /** Signs in without a device key and confirms the device the sign-in was issued. */
    async function newDevice(poolId: string, clientId: string, username: string, name = 'test device'): Promise<{ device: DeviceSecret; result: AuthenticationResultType; necessary: boolean | undefined }> {
      const r = await passSms(poolId, clientId, username, await signIn(clientId, username));
      const result = r.AuthenticationResult!;
      const meta = result.NewDeviceMetadata!;
      assert.ok(meta?.DeviceKey && meta.DeviceGroupKey, 'NewDeviceMetadata');
      const device = deviceSecret(meta.DeviceKey, meta.DeviceGroupKey);
      const confirmed = await s.client.send(new ConfirmDeviceCommand({ AccessToken: result.AccessToken, DeviceKey: device.deviceKey, DeviceSecretVerifierConfig: device.config, DeviceName: name }));
      return { device, result, necessary: confirmed.UserConfirmationNecessary };
    }
    /** DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER for a challenge that asked for it. */
    async function deviceAuth(clientId: string, username: string, device: DeviceSecret, challenge: { ChallengeName?: string | undefined; Session?: string | undefined }) {
      assert.equal(challenge.ChallengeName, 'DEVICE_SRP_AUTH');
      const start = deviceSrpStart();
      const verifier = await respond(clientId, 'DEVICE_SRP_AUTH', challenge.Session, { USERNAME: username, DEVICE_KEY: device.deviceKey, SRP_A: start.SRP_A });
      assert.equal(verifier.ChallengeName, 'DEVICE_PASSWORD_VERIFIER');
      const p = verifier.ChallengeParameters ?? {};
      assert.deepEqual(Object.keys(p).sort(), ['DEVICE_KEY', 'SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME']);
      assert.equal(p['DEVICE_KEY'], device.deviceKey);
      return respond(clientId, 'DEVICE_PASSWORD_VERIFIER', verifier.Session, deviceSrpRespond(device, start, p, username));
    }

    it('a pool without DeviceConfiguration issues no device metadata and ignores DEVICE_KEY', async () => {
      const { poolId, clientId } = await devicePool(undefined);
      await createUser(s, poolId, 'al', PW);
      const r = await signIn(clientId, 'al', { DEVICE_KEY: `us-east-1_${randomUUID()}` });
      assert.equal(r.AuthenticationResult?.NewDeviceMetadata, undefined);
      assert.equal(decodeJwt(r.AuthenticationResult!.AccessToken!)['device_key'], undefined);
      assert.deepEqual((await s.client.send(new ListDevicesCommand({ AccessToken: r.AuthenticationResult!.AccessToken }))).Devices, []);
    });

    it('NewDeviceMetadata, ConfirmDevice and the device operations', async () => {
      const { poolId, clientId } = await devicePool({ ChallengeRequiredOnNewDevice: false, DeviceOnlyRememberedOnUserPrompt: false });
      await createUser(s, poolId, 'bea', PW);
      const r = await signIn(clientId, 'bea');
      const meta = r.AuthenticationResult?.NewDeviceMetadata;
      assert.match(meta?.DeviceKey ?? '', /^us-east-1_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      assert.ok(meta?.DeviceGroupKey);
      const at = r.AuthenticationResult!.AccessToken!;
      assert.equal(decodeJwt(at)['device_key'], meta!.DeviceKey);
      const device = deviceSecret(meta!.DeviceKey!, meta!.DeviceGroupKey!);

      await rejectsWith(s.client.send(new ConfirmDeviceCommand({ AccessToken: at, DeviceKey: `us-east-1_${randomUUID()}`, DeviceSecretVerifierConfig: device.config })), 'ResourceNotFoundException', 'Device does not exist.');
      await rejectsWith(
        s.client.send(new ConfirmDeviceCommand({ AccessToken: at, DeviceKey: device.deviceKey, DeviceSecretVerifierConfig: { Salt: 'not base64!', PasswordVerifier: device.config.PasswordVerifier } })),
        'InvalidParameterException',
      );
      assert.deepEqual((await s.client.send(new ListDevicesCommand({ AccessToken: at }))).Devices, [], 'nothing stored before ConfirmDevice');
      const confirmed = await s.client.send(new ConfirmDeviceCommand({ AccessToken: at, DeviceKey: device.deviceKey, DeviceSecretVerifierConfig: device.config, DeviceName: 'My laptop' }));
      assert.equal(confirmed.UserConfirmationNecessary, false);
      await rejectsWith(s.client.send(new ConfirmDeviceCommand({ AccessToken: at, DeviceKey: device.deviceKey, DeviceSecretVerifierConfig: device.config })), 'DeviceKeyExistsException');

      const got = (await s.client.send(new GetDeviceCommand({ AccessToken: at, DeviceKey: device.deviceKey }))).Device!;
      assert.equal(got.DeviceKey, device.deviceKey);
      assert.deepEqual(
        got.DeviceAttributes?.map((a) => a.Name),
        ['device_status', 'device_name', 'last_ip_used', 'dev:device_remembered_status', 'dev:device_sdk'],
      );
      const attrs = attrsOf(got);
      assert.equal(attrs['device_status'], 'valid');
      assert.equal(attrs['device_name'], 'My laptop');
      assert.equal(attrs['last_ip_used'], '127.0.0.1');
      assert.equal(attrs['dev:device_remembered_status'], 'remembered');
      assert.equal(got.DeviceCreateDate?.getTime(), clock);
      assert.equal(got.DeviceLastModifiedDate?.getTime(), clock);
      assert.equal(got.DeviceLastAuthenticatedDate?.getTime(), clock);
      assert.deepEqual((await s.client.send(new ListDevicesCommand({ AccessToken: at }))).Devices, [got]);
      assert.deepEqual((await s.client.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'bea', DeviceKey: device.deviceKey }))).Device, got);
      assert.deepEqual((await s.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'bea' }))).Devices, [got]);

      clock += 5000;
      await s.client.send(new UpdateDeviceStatusCommand({ AccessToken: at, DeviceKey: device.deviceKey, DeviceRememberedStatus: 'not_remembered' }));
      const updated = (await s.client.send(new GetDeviceCommand({ AccessToken: at, DeviceKey: device.deviceKey }))).Device;
      assert.equal(attrsOf(updated)['dev:device_remembered_status'], 'not_remembered');
      assert.equal(updated?.DeviceLastModifiedDate?.getTime(), clock);
      await s.client.send(new AdminUpdateDeviceStatusCommand({ UserPoolId: poolId, Username: 'bea', DeviceKey: device.deviceKey, DeviceRememberedStatus: 'remembered' }));
      assert.equal(attrsOf((await s.client.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'bea', DeviceKey: device.deviceKey }))).Device)['dev:device_remembered_status'], 'remembered');

      // DeviceOnlyRememberedOnUserPrompt: the user decides.
      const prompt = await devicePool({ DeviceOnlyRememberedOnUserPrompt: true });
      await createUser(s, prompt.poolId, 'cy', PW);
      const p = await newDevice(prompt.poolId, prompt.clientId, 'cy');
      assert.equal(p.necessary, true);
      const pAt = p.result.AccessToken!;
      assert.equal(attrsOf((await s.client.send(new GetDeviceCommand({ AccessToken: pAt, DeviceKey: p.device.deviceKey }))).Device)['dev:device_remembered_status'], 'not_remembered');
      // Not remembered: presenting the key identifies the device but asks for no device proof.
      const tracked = await signIn(prompt.clientId, 'cy', { DEVICE_KEY: p.device.deviceKey });
      assert.equal(tracked.AuthenticationResult?.NewDeviceMetadata, undefined);
      assert.equal(decodeJwt(tracked.AuthenticationResult!.AccessToken!)['device_key'], p.device.deviceKey);
      await s.client.send(new UpdateDeviceStatusCommand({ AccessToken: pAt, DeviceKey: p.device.deviceKey, DeviceRememberedStatus: 'remembered' }));
      const remembered = await signIn(prompt.clientId, 'cy', { DEVICE_KEY: p.device.deviceKey });
      assert.ok((await deviceAuth(prompt.clientId, 'cy', p.device, remembered)).AuthenticationResult);
    });

    it('a remembered device signs in with DEVICE_SRP_AUTH instead of MFA (ChallengeRequiredOnNewDevice)', async () => {
      const { poolId, clientId } = await devicePool({ ChallengeRequiredOnNewDevice: true }, SMS_MFA_ON);
      await createUser(s, poolId, 'dee', PW, { phone_number: '+15555550180' });
      const first = await signIn(clientId, 'dee');
      assert.equal(first.ChallengeName, 'SMS_MFA', 'a new device gets MFA');
      const { device } = await newDevice(poolId, clientId, 'dee');
      const sent = (await outbox(s, poolId, 'dee')).length;
      clock += 60_000;

      const challenge = await signIn(clientId, 'dee', { DEVICE_KEY: device.deviceKey });
      assert.equal(challenge.ChallengeName, 'DEVICE_SRP_AUTH');
      assert.deepEqual(challenge.ChallengeParameters, {});
      const done = await deviceAuth(clientId, 'dee', device, challenge);
      const result = done.AuthenticationResult!;
      assert.ok(result.AccessToken && result.IdToken && result.RefreshToken);
      assert.equal(result.NewDeviceMetadata, undefined);
      assert.equal(decodeJwt(result.AccessToken)['device_key'], device.deviceKey);
      assert.equal((await outbox(s, poolId, 'dee')).length, sent, 'no SMS code was sent');
      const got = (await s.client.send(new GetDeviceCommand({ AccessToken: result.AccessToken, DeviceKey: device.deviceKey }))).Device;
      assert.equal(got?.DeviceLastAuthenticatedDate?.getTime(), clock);
      assert.ok((got?.DeviceCreateDate?.getTime() ?? 0) < clock);

      // USER_SRP_AUTH: DEVICE_KEY in the PASSWORD_VERIFIER answer, as amazon-cognito-identity-js sends it.
      const start = srpClientStart();
      const init = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'dee', SRP_A: start.SRP_A } }));
      const pv = await respond(clientId, 'PASSWORD_VERIFIER', init.Session, { ...srpClientRespond(poolId, PW, start, init.ChallengeParameters ?? {}), DEVICE_KEY: device.deviceKey });
      assert.ok((await deviceAuth(clientId, 'dee', device, pv)).AuthenticationResult);

      // The wrong device secret.
      const impostor = { ...device, password: 'not-the-device-password' };
      await rejectsWith(deviceAuth(clientId, 'dee', impostor, await signIn(clientId, 'dee', { DEVICE_KEY: device.deviceKey })), 'NotAuthorizedException', 'Incorrect username or password.');

      // Not remembered any more: MFA again, the device still named in the token.
      await s.client.send(new AdminUpdateDeviceStatusCommand({ UserPoolId: poolId, Username: 'dee', DeviceKey: device.deviceKey, DeviceRememberedStatus: 'not_remembered' }));
      const mfa = await signIn(clientId, 'dee', { DEVICE_KEY: device.deviceKey });
      assert.equal(mfa.ChallengeName, 'SMS_MFA');
      const afterMfa = await passSms(poolId, clientId, 'dee', mfa);
      assert.equal(afterMfa.AuthenticationResult?.NewDeviceMetadata, undefined);
      assert.equal(decodeJwt(afterMfa.AuthenticationResult!.AccessToken!)['device_key'], device.deviceKey);
    });

    it('without ChallengeRequiredOnNewDevice a remembered device still does MFA, then DEVICE_SRP_AUTH', async () => {
      const { poolId, clientId } = await devicePool({ ChallengeRequiredOnNewDevice: false }, SMS_MFA_ON);
      await createUser(s, poolId, 'eli', PW, { phone_number: '+15555550181' });
      const { device } = await newDevice(poolId, clientId, 'eli');
      const mfa = await signIn(clientId, 'eli', { DEVICE_KEY: device.deviceKey });
      assert.equal(mfa.ChallengeName, 'SMS_MFA');
      const next = await passSms(poolId, clientId, 'eli', mfa);
      assert.ok((await deviceAuth(clientId, 'eli', device, next)).AuthenticationResult);
    });

    it('unknown device keys and other users\' devices: ResourceNotFoundException, nothing changes', async () => {
      const { poolId, clientId } = await devicePool({ ChallengeRequiredOnNewDevice: true });
      await createUser(s, poolId, 'fay', PW);
      await createUser(s, poolId, 'gus', PW);
      const fay = await newDevice(poolId, clientId, 'fay');
      const gus = await newDevice(poolId, clientId, 'gus');
      const unknown = `us-east-1_${randomUUID()}`;
      await rejectsWith(signIn(clientId, 'fay', { DEVICE_KEY: unknown }), 'ResourceNotFoundException', 'Device does not exist.');
      await rejectsWith(signIn(clientId, 'fay', { DEVICE_KEY: gus.device.deviceKey }), 'ResourceNotFoundException', 'Device does not exist.');

      // PASSWORD_VERIFIER with an unknown key: refused before the secret block is used, so the client can drop the key and answer again.
      const start = srpClientStart();
      const init = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'fay', SRP_A: start.SRP_A } }));
      const answer = srpClientRespond(poolId, PW, start, init.ChallengeParameters ?? {});
      await rejectsWith(respond(clientId, 'PASSWORD_VERIFIER', init.Session, { ...answer, DEVICE_KEY: gus.device.deviceKey }), 'ResourceNotFoundException', 'Device does not exist.');
      const retried = await respond(clientId, 'PASSWORD_VERIFIER', init.Session, answer);
      assert.ok(retried.AuthenticationResult?.NewDeviceMetadata);

      // DEVICE_SRP_AUTH for another device than the sign-in presented.
      const challenge = await signIn(clientId, 'fay', { DEVICE_KEY: fay.device.deviceKey });
      await rejectsWith(
        respond(clientId, 'DEVICE_SRP_AUTH', challenge.Session, { USERNAME: 'fay', DEVICE_KEY: gus.device.deviceKey, SRP_A: deviceSrpStart().SRP_A }),
        'ResourceNotFoundException', 'Device does not exist.',
      );
      assert.ok((await deviceAuth(clientId, 'fay', fay.device, challenge)).AuthenticationResult, 'the session survived');

      const fayAt = fay.result.AccessToken!;
      for (const call of [
        () => s.client.send(new GetDeviceCommand({ AccessToken: fayAt, DeviceKey: gus.device.deviceKey })),
        () => s.client.send(new UpdateDeviceStatusCommand({ AccessToken: fayAt, DeviceKey: gus.device.deviceKey, DeviceRememberedStatus: 'not_remembered' })),
        () => s.client.send(new ForgetDeviceCommand({ AccessToken: fayAt, DeviceKey: gus.device.deviceKey })),
        () => s.client.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'fay', DeviceKey: gus.device.deviceKey })),
        () => s.client.send(new AdminUpdateDeviceStatusCommand({ UserPoolId: poolId, Username: 'fay', DeviceKey: gus.device.deviceKey, DeviceRememberedStatus: 'not_remembered' })),
        () => s.client.send(new AdminForgetDeviceCommand({ UserPoolId: poolId, Username: 'fay', DeviceKey: gus.device.deviceKey })),
        () => s.client.send(new GetDeviceCommand({ AccessToken: fayAt, DeviceKey: unknown })),
      ]) {
        await rejectsWith(call(), 'ResourceNotFoundException', 'Device does not exist.');
      }
      const gusDevice = (await s.client.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'gus', DeviceKey: gus.device.deviceKey }))).Device;
      assert.equal(attrsOf(gusDevice)['dev:device_remembered_status'], 'remembered');
      assert.equal(gusDevice?.DeviceLastModifiedDate?.getTime(), gusDevice?.DeviceCreateDate?.getTime());
      await rejectsWith(s.client.send(new ConfirmDeviceCommand({ AccessToken: fayAt, DeviceKey: gus.device.deviceKey, DeviceSecretVerifierConfig: fay.device.config })), 'ResourceNotFoundException');
      await rejectsWith(s.client.send(new AdminGetDeviceCommand({ UserPoolId: poolId, Username: 'nobody', DeviceKey: gus.device.deviceKey })), 'UserNotFoundException');
      await rejectsWith(s.client.send(new AdminListDevicesCommand({ UserPoolId: 'us-east-1_NoSuchPool', Username: 'gus' })), 'ResourceNotFoundException');
      await rejectsWith(s.client.send(new GetDeviceCommand({ DeviceKey: gus.device.deviceKey })), 'InvalidParameterException');
      await rejectsWith(s.client.send(new GetDeviceCommand({ AccessToken: 'not.a.token', DeviceKey: gus.device.deviceKey })), 'NotAuthorizedException');
    });

    it('refresh tokens are bound to their device; a forgotten device can no longer refresh or sign in', async () => {
      const { poolId, clientId } = await devicePool({ ChallengeRequiredOnNewDevice: true });
      await createUser(s, poolId, 'hal', PW);
      const refresh = (token: string, deviceKey?: string) =>
        s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: token, ...(deviceKey ? { DEVICE_KEY: deviceKey } : {}) } }));
      // Never confirmed: its refresh token does not refresh (as on AWS).
      const unconfirmed = (await signIn(clientId, 'hal')).AuthenticationResult!;
      await rejectsWith(refresh(unconfirmed.RefreshToken!, unconfirmed.NewDeviceMetadata!.DeviceKey), 'NotAuthorizedException', 'Invalid Refresh Token');

      const { device, result } = await newDevice(poolId, clientId, 'hal');
      const rt = result.RefreshToken!;
      const refreshed = await refresh(rt, device.deviceKey);
      assert.equal(decodeJwt(refreshed.AuthenticationResult!.AccessToken!)['device_key'], device.deviceKey);
      assert.equal(refreshed.AuthenticationResult?.RefreshToken, undefined);
      await rejectsWith(refresh(rt), 'NotAuthorizedException', 'Invalid Refresh Token');
      await rejectsWith(refresh(rt, `us-east-1_${randomUUID()}`), 'NotAuthorizedException', 'Invalid Refresh Token');
      assert.ok((await s.client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: rt, DeviceKey: device.deviceKey }))).AuthenticationResult?.AccessToken);
      await rejectsWith(s.client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: rt })), 'NotAuthorizedException', 'Invalid Refresh Token');

      const at = result.AccessToken!;
      await s.client.send(new ForgetDeviceCommand({ AccessToken: at, DeviceKey: device.deviceKey }));
      await rejectsWith(s.client.send(new GetDeviceCommand({ AccessToken: at, DeviceKey: device.deviceKey })), 'ResourceNotFoundException', 'Device does not exist.');
      assert.deepEqual((await s.client.send(new ListDevicesCommand({ AccessToken: at }))).Devices, []);
      await rejectsWith(refresh(rt, device.deviceKey), 'NotAuthorizedException', 'Invalid Refresh Token');
      await rejectsWith(s.client.send(new ConfirmDeviceCommand({ AccessToken: at, DeviceKey: device.deviceKey, DeviceSecretVerifierConfig: device.config })), 'ResourceNotFoundException');
      await rejectsWith(signIn(clientId, 'hal', { DEVICE_KEY: device.deviceKey }), 'ResourceNotFoundException', 'Device does not exist.');
      await rejectsWith(s.client.send(new ForgetDeviceCommand({ AccessToken: at, DeviceKey: device.deviceKey })), 'ResourceNotFoundException');

      const second = await newDevice(poolId, clientId, 'hal');
      await s.client.send(new AdminForgetDeviceCommand({ UserPoolId: poolId, Username: 'hal', DeviceKey: second.device.deviceKey }));
      await rejectsWith(refresh(second.result.RefreshToken!, second.device.deviceKey), 'NotAuthorizedException', 'Invalid Refresh Token');
    });

    it('ListDevices / AdminListDevices page with Limit and PaginationToken', async () => {
      const { poolId, clientId } = await devicePool({ ChallengeRequiredOnNewDevice: true });
      await createUser(s, poolId, 'ivy', PW);
      await createUser(s, poolId, 'jon', PW);
      const keys: string[] = [];
      let at = '';
      for (let i = 0; i < 3; i++) {
        clock += 1000;
        const d = await newDevice(poolId, clientId, 'ivy', `device ${i}`);
        keys.push(d.device.deviceKey);
        at = d.result.AccessToken!;
      }
      const jonAt = (await newDevice(poolId, clientId, 'jon')).result.AccessToken!;
      const page1 = await s.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'ivy', Limit: 2 }));
      assert.deepEqual(page1.Devices?.map((d) => d.DeviceKey), keys.slice(0, 2));
      assert.ok(page1.PaginationToken);
      const page2 = await s.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'ivy', Limit: 2, PaginationToken: page1.PaginationToken }));
      assert.deepEqual(page2.Devices?.map((d) => d.DeviceKey), keys.slice(2));
      assert.equal(page2.PaginationToken, undefined);
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await s.client.send(new ListDevicesCommand({ AccessToken: at, Limit: 1, ...(token ? { PaginationToken: token } : {}) }));
        seen.push(...(page.Devices ?? []).map((d) => d.DeviceKey ?? ''));
        token = page.PaginationToken;
      } while (token);
      assert.deepEqual(seen, keys);
      assert.equal((await s.client.send(new ListDevicesCommand({ AccessToken: at }))).Devices?.length, 3);
      await rejectsWith(s.client.send(new ListDevicesCommand({ AccessToken: at, PaginationToken: 'bogus-token' })), 'InvalidParameterException');
      await rejectsWith(s.client.send(new ListDevicesCommand({ AccessToken: jonAt, PaginationToken: page1.PaginationToken })), 'InvalidParameterException');

      // Devices go with their user, and with their pool.
      await s.client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'jon' }));
      await createUser(s, poolId, 'jon', PW);
      assert.deepEqual((await s.client.send(new AdminListDevicesCommand({ UserPoolId: poolId, Username: 'jon' }))).Devices, []);
      await s.client.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
    });
  });
}
