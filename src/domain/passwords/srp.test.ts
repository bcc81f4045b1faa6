import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { AuthenticationDetails, CognitoUser, CognitoUserPool } from 'amazon-cognito-identity-js';
import type { ICognitoStorage } from 'amazon-cognito-identity-js';
import {
  SRP_G,
  SRP_K,
  SRP_N,
  checkPassword,
  computeVerifier,
  formatSrpTimestamp,
  padHex,
  parseSrpA,
  parseSrpTimestamp,
  startSrp,
  toSrpHex,
  verifySrpSignature,
} from './srp.ts';
import { MemoryStorage } from '../../../test/helpers/identity-js.ts';

// The client side is the real amazon-cognito-identity-js. Its helper classes are not in its
// typings, so they are loaded untyped and described here.
interface BigIntegerLike {
  toString(radix: number): string;
}
interface AuthenticationHelperLike {
  getLargeAValue(cb: (err: unknown, A: BigIntegerLike) => void): void;
  getPasswordAuthenticationKey(userId: string, password: string, B: BigIntegerLike, salt: BigIntegerLike, cb: (err: unknown, key: Buffer) => void): void;
  generateHashDevice(deviceGroupKey: string, deviceKey: string, cb: (err: unknown) => void): void;
  getSaltDevices(): string;
  getVerifierDevices(): string;
  getRandomPassword(): string;
  padHex(n: BigIntegerLike): string;
  k: BigIntegerLike;
}
interface Sha256Like {
  update(data: Buffer): void;
  digestSync(): Uint8Array;
}

const require = createRequire(import.meta.url);
const libRequire = createRequire(require.resolve('amazon-cognito-identity-js'));
const lib = require('amazon-cognito-identity-js') as {
  AuthenticationHelper: new (poolName: string) => AuthenticationHelperLike;
  DateHelper: new () => { getNowString(): string };
};
const BigInteger = (require('amazon-cognito-identity-js/lib/BigInteger.js') as { default: new (s: string, radix: number) => BigIntegerLike }).default;
const { Sha256 } = libRequire('@aws-crypto/sha256-js') as { Sha256: new (secret?: Uint8Array) => Sha256Like };

const POOL_NAME = 'AbCdEfGhI';
const POOL_ID = `us-east-1_${POOL_NAME}`;

interface Challenge {
  SALT: string;
  SRP_B: string;
  SECRET_BLOCK: string;
}

function largeA(helper: AuthenticationHelperLike): Promise<string> {
  return new Promise((resolve, reject) => helper.getLargeAValue((err, A) => (err ? reject(err) : resolve(A.toString(16)))));
}

/** Exactly what CognitoUser.authenticateUserDefaultAuth / getDeviceResponse compute. */
function clientSignature(helper: AuthenticationHelperLike, poolName: string, userId: string, password: string, ch: Challenge, timestamp: string): Promise<string> {
  return new Promise((resolve, reject) => {
    helper.getPasswordAuthenticationKey(userId, password, new BigInteger(ch.SRP_B, 16), new BigInteger(ch.SALT, 16), (err, hkdf) => {
      if (err) return reject(err);
      const concat = Buffer.concat([
        Buffer.from(poolName, 'utf8'),
        Buffer.from(userId, 'utf8'),
        Buffer.from(ch.SECRET_BLOCK, 'base64'),
        Buffer.from(timestamp, 'utf8'),
      ]);
      const mac = new Sha256(hkdf);
      mac.update(concat);
      resolve(Buffer.from(mac.digestSync()).toString('base64'));
    });
  });
}

async function roundTrip(opts: { poolName: string; userId: string; password: string; stored: { salt: Buffer; verifier: Buffer | bigint } }): Promise<boolean> {
  const helper = new lib.AuthenticationHelper(opts.poolName);
  const A = parseSrpA(await largeA(helper));
  assert.ok(A !== undefined);
  const { b, B } = startSrp(opts.stored.verifier);
  const secretBlock = randomBytes(64);
  const ch = { SALT: toSrpHex(opts.stored.salt), SRP_B: toSrpHex(B), SECRET_BLOCK: secretBlock.toString('base64') };
  const timestamp = new lib.DateHelper().getNowString();
  const signature = await clientSignature(helper, opts.poolName, opts.userId, opts.password, ch, timestamp);
  return verifySrpSignature({ poolName: opts.poolName, userId: opts.userId, A, B, b, verifier: opts.stored.verifier, secretBlock, timestamp, signature });
}

describe('constants and helpers', () => {
  test('N is RFC 3526 group 15, g = 2, k as the clients compute it', () => {
    assert.equal(SRP_N.toString(16).length, 768);
    assert.equal(SRP_G, 2n);
    assert.ok(SRP_K.toString(16).startsWith('538282c4354742d7'));
    assert.equal(SRP_K.toString(16), new lib.AuthenticationHelper(POOL_NAME).k.toString(16));
  });

  test('padHex follows Java toByteArray', () => {
    assert.ok(padHex(SRP_N).startsWith('00ff'));
    assert.equal(padHex(SRP_N).length, 770);
    assert.equal(padHex(2n), '02');
    assert.equal(padHex(0n), '00');
    assert.equal(padHex(0x14n), '14');
    assert.equal(padHex(0xecn), '00ec');
    assert.equal(padHex(0x123n), '0123');
    assert.equal(padHex(0x8000n), '008000');
    const helper = new lib.AuthenticationHelper(POOL_NAME);
    for (let i = 0; i < 50; i++) {
      const hex = randomBytes(1 + (i % 20)).toString('hex').replace(/^0+/, '') || '0';
      assert.equal(padHex(BigInt(`0x${hex}`)), helper.padHex(new BigInteger(hex, 16)).toLowerCase());
    }
  });

  test('parseSrpA rejects non-hex and multiples of N', () => {
    assert.equal(parseSrpA('1f'), 0x1fn);
    assert.equal(parseSrpA('00ABcd'), 0xabcdn);
    assert.equal(parseSrpA(''), undefined);
    assert.equal(parseSrpA('xyz'), undefined);
    assert.equal(parseSrpA('0x12'), undefined);
    assert.equal(parseSrpA('-12'), undefined);
    assert.equal(parseSrpA('0'), undefined);
    assert.equal(parseSrpA(SRP_N.toString(16)), undefined);
    assert.equal(parseSrpA((SRP_N * 2n).toString(16)), undefined);
    assert.equal(parseSrpA('1'.repeat(2000)), undefined);
  });

  test('timestamps', () => {
    assert.equal(formatSrpTimestamp(new Date(Date.UTC(2024, 8, 3, 7, 5, 9))), 'Tue Sep 3 07:05:09 UTC 2024');
    assert.equal(formatSrpTimestamp(new Date(Date.UTC(2025, 11, 31, 23, 59, 59))), 'Wed Dec 31 23:59:59 UTC 2025');
    assert.equal(parseSrpTimestamp('Tue Sep 3 07:05:09 UTC 2024')?.toISOString(), '2024-09-03T07:05:09.000Z');
    assert.equal(parseSrpTimestamp('Tue Sep 03 07:05:09 UTC 2024')?.toISOString(), '2024-09-03T07:05:09.000Z');
    assert.equal(parseSrpTimestamp('Tue Sep 31 07:05:09 UTC 2024'), undefined);
    assert.equal(parseSrpTimestamp('2024-09-03T07:05:09Z'), undefined);
    // Same format as the client library's DateHelper (retry if a second boundary falls in between).
    for (;;) {
      const before = Date.now();
      const clientNow = new lib.DateHelper().getNowString();
      if (Math.floor(Date.now() / 1000) !== Math.floor(before / 1000)) continue;
      assert.equal(formatSrpTimestamp(new Date(before)), clientNow);
      break;
    }
  });
});

describe('password verifier', () => {
  test('computeVerifier: 16-byte salt, 384-byte verifier, v = g^x mod N', () => {
    const pv = computeVerifier(POOL_NAME, 'alice', 'Passw0rd!');
    assert.equal(pv.salt.length, 16);
    assert.equal(pv.verifier.length, 384);
    assert.notDeepEqual(computeVerifier(POOL_NAME, 'alice', 'Passw0rd!').salt, pv.salt);
    const again = computeVerifier(POOL_NAME, 'alice', 'Passw0rd!', pv.salt);
    assert.deepEqual(again.verifier, pv.verifier);
  });

  test('checkPassword', () => {
    const pv = computeVerifier(POOL_NAME, 'alice', 'Passw0rd!');
    assert.equal(checkPassword(POOL_NAME, 'alice', 'Passw0rd!', pv), true);
    assert.equal(checkPassword(POOL_NAME, 'alice', 'Passw0rd?', pv), false);
    assert.equal(checkPassword(POOL_NAME, 'bob', 'Passw0rd!', pv), false);
    assert.equal(checkPassword('OtherPool', 'alice', 'Passw0rd!', pv), false);
    // Stored with a leading zero byte, or trimmed: same integer.
    assert.equal(checkPassword(POOL_NAME, 'alice', 'Passw0rd!', { salt: pv.salt, verifier: Buffer.concat([Buffer.from([0]), pv.verifier]) }), true);
    assert.equal(checkPassword(POOL_NAME, 'alice', 'Passw0rd!', { salt: pv.salt, verifier: Buffer.alloc(3) }), false);
  });

  test('startSrp: fresh b, 0 < B < N, injectable randomness', () => {
    const pv = computeVerifier(POOL_NAME, 'alice', 'Passw0rd!');
    const s1 = startSrp(pv.verifier);
    const s2 = startSrp(pv.verifier);
    assert.ok(s1.b.length >= 32);
    assert.ok(s1.B > 0n && s1.B < SRP_N);
    assert.notEqual(s1.B, s2.B);
    const fixed = (n: number): Buffer => Buffer.alloc(n, 7);
    assert.equal(startSrp(pv.verifier, fixed).B, startSrp(pv.verifier, fixed).B);
  });
});

describe('SRP against amazon-cognito-identity-js', () => {
  const password = 'Corr3ct horse!';

  test('correct password verifies, wrong password does not', async () => {
    for (const userId of ['alice', 'f0a1b2c3-d4e5-4f60-8a7b-9c8d7e6f5a4b', 'Ünïcødé用户']) {
      const stored = computeVerifier(POOL_NAME, userId, password);
      assert.equal(await roundTrip({ poolName: POOL_NAME, userId, password, stored }), true, userId);
      assert.equal(await roundTrip({ poolName: POOL_NAME, userId, password: `${password}x`, stored }), false, userId);
    }
  });

  test('salts that exercise padHex (leading zero byte, high bit, tiny)', async () => {
    const salts = [Buffer.from('00' + 'ab'.repeat(15), 'hex'), Buffer.from('ff'.repeat(16), 'hex'), Buffer.from('8000000000000000000000000000007f', 'hex'), Buffer.from('0000000000000000000000000000000a', 'hex')];
    for (const salt of salts) {
      const stored = computeVerifier(POOL_NAME, 'alice', password, salt);
      assert.equal(await roundTrip({ poolName: POOL_NAME, userId: 'alice', password, stored }), true, salt.toString('hex'));
    }
  });

  test('many random sign-ins (B/S/u with and without top bit)', async () => {
    const stored = computeVerifier(POOL_NAME, 'alice', password);
    for (let i = 0; i < 12; i++) assert.equal(await roundTrip({ poolName: POOL_NAME, userId: 'alice', password, stored }), true);
  });

  test('signature is bound to every input', async () => {
    const stored = computeVerifier(POOL_NAME, 'alice', password);
    const helper = new lib.AuthenticationHelper(POOL_NAME);
    const A = parseSrpA(await largeA(helper));
    assert.ok(A !== undefined);
    const { b, B } = startSrp(stored.verifier);
    const secretBlock = randomBytes(48);
    const ch = { SALT: toSrpHex(stored.salt), SRP_B: toSrpHex(B), SECRET_BLOCK: secretBlock.toString('base64') };
    const timestamp = 'Tue Sep 3 07:05:09 UTC 2024';
    const signature = await clientSignature(helper, POOL_NAME, 'alice', password, ch, timestamp);
    const good = { poolName: POOL_NAME, userId: 'alice', A, B, b, verifier: stored.verifier, secretBlock, timestamp, signature };
    assert.equal(verifySrpSignature(good), true);
    assert.equal(verifySrpSignature({ ...good, timestamp: 'Tue Sep 3 07:05:10 UTC 2024' }), false);
    assert.equal(verifySrpSignature({ ...good, secretBlock: randomBytes(48) }), false);
    assert.equal(verifySrpSignature({ ...good, userId: 'bob' }), false);
    assert.equal(verifySrpSignature({ ...good, poolName: 'Other' }), false);
    assert.equal(verifySrpSignature({ ...good, b: randomBytes(32) }), false);
    assert.equal(verifySrpSignature({ ...good, A: A + 1n }), false);
    assert.equal(verifySrpSignature({ ...good, A: SRP_N }), false);
    assert.equal(verifySrpSignature({ ...good, A: 1n }), false);
    assert.equal(verifySrpSignature({ ...good, A: SRP_N - 1n }), false);
    assert.equal(verifySrpSignature({ ...good, signature: '' }), false);
    assert.equal(verifySrpSignature({ ...good, signature: signature.slice(0, 20) }), false);
    assert.equal(verifySrpSignature({ ...good, verifier: BigInt(`0x${stored.verifier.toString('hex')}`) }), true);
  });

  test('device SRP: verifier from generateHashDevice, DEVICE_PASSWORD_VERIFIER signature', async () => {
    const deviceGroupKey = '-abcDEF123';
    const deviceKey = 'us-east-1_7d2f3c4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
    for (let i = 0; i < 5; i++) {
      const confirm = new lib.AuthenticationHelper(POOL_NAME);
      await new Promise<void>((resolve, reject) => confirm.generateHashDevice(deviceGroupKey, deviceKey, (err) => (err ? reject(err) : resolve())));
      // ConfirmDevice sends base64(bytes(padHex(...))): the bytes may start with 0x00.
      const salt = Buffer.from(Buffer.from(confirm.getSaltDevices(), 'hex').toString('base64'), 'base64');
      const verifier = Buffer.from(Buffer.from(confirm.getVerifierDevices(), 'hex').toString('base64'), 'base64');
      const randomPassword = confirm.getRandomPassword();
      const stored = { salt, verifier };
      assert.equal(await roundTrip({ poolName: deviceGroupKey, userId: deviceKey, password: randomPassword, stored }), true);
      assert.equal(await roundTrip({ poolName: deviceGroupKey, userId: deviceKey, password: 'not-the-device', stored }), false);
      // The server-side verifier for the same secret is the same integer.
      assert.equal(BigInt(`0x${computeVerifier(deviceGroupKey, deviceKey, randomPassword, salt).verifier.toString('hex')}`), BigInt(`0x${verifier.toString('hex')}`));
    }
  });
});

describe('full CognitoUser sign-in flows against a stub server', () => {
  type Params = Record<string, string>;
  type Callback = (err: { code: string; message: string } | null, data?: unknown) => void;

  function fakeJwt(claims: Record<string, unknown>): string {
    const enc = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    return `${enc({ alg: 'none' })}.${enc({ iat: 1, exp: 4102444800, ...claims })}.sig`;
  }

  function makeServer(users: Map<string, { salt: Buffer; verifier: Buffer }>) {
    const pending = new Map<string, { A: bigint; B: bigint; b: Buffer; verifier: Buffer; poolName: string; userId: string }>();
    const devices = new Map<string, { groupKey: string; salt: Buffer; verifier: Buffer }>();
    const log: string[] = [];
    const fail = (cb: Callback, message = 'Incorrect username or password.'): void => cb({ code: 'NotAuthorizedException', message });
    const tokens = (username: string, withNewDevice: boolean): unknown => ({
      AuthenticationResult: {
        IdToken: fakeJwt({ 'cognito:username': username }),
        AccessToken: fakeJwt({ username }),
        RefreshToken: 'refresh',
        ExpiresIn: 3600,
        TokenType: 'Bearer',
        ...(withNewDevice ? { NewDeviceMetadata: { DeviceKey: `us-east-1_${crypto.randomUUID()}`, DeviceGroupKey: '-grpKey42' } } : {}),
      },
    });
    const challenge = (name: string, poolName: string, userId: string, A: bigint, stored: { salt: Buffer; verifier: Buffer }, extra: Params): unknown => {
      const { b, B } = startSrp(stored.verifier);
      const secretBlock = randomBytes(96).toString('base64');
      pending.set(secretBlock, { A, B, b, verifier: stored.verifier, poolName, userId });
      return { ChallengeName: name, ChallengeParameters: { SALT: toSrpHex(stored.salt), SRP_B: toSrpHex(B), SECRET_BLOCK: secretBlock, ...extra } };
    };
    const verify = (r: Params): boolean => {
      const state = pending.get(r.PASSWORD_CLAIM_SECRET_BLOCK ?? '');
      pending.delete(r.PASSWORD_CLAIM_SECRET_BLOCK ?? '');
      if (!state) return false;
      return verifySrpSignature({
        ...state,
        secretBlock: Buffer.from(r.PASSWORD_CLAIM_SECRET_BLOCK ?? '', 'base64'),
        timestamp: r.TIMESTAMP ?? '',
        signature: r.PASSWORD_CLAIM_SIGNATURE ?? '',
      });
    };
    const request = (op: string, params: { AuthParameters?: Params; ChallengeName?: string; ChallengeResponses?: Params; DeviceKey?: string; DeviceSecretVerifierConfig?: { Salt: string; PasswordVerifier: string } }, cb: Callback): void => {
      log.push(op === 'RespondToAuthChallenge' ? `${op}:${params.ChallengeName}` : op);
      if (op === 'InitiateAuth') {
        const p = params.AuthParameters ?? {};
        const user = users.get(p.USERNAME ?? '');
        const A = parseSrpA(p.SRP_A ?? '');
        if (!user) return cb({ code: 'UserNotFoundException', message: 'User does not exist.' });
        if (A === undefined) return fail(cb);
        return cb(null, challenge('PASSWORD_VERIFIER', POOL_NAME, p.USERNAME ?? '', A, user, { USER_ID_FOR_SRP: p.USERNAME ?? '', USERNAME: p.USERNAME ?? '' }));
      }
      if (op === 'RespondToAuthChallenge') {
        const r = params.ChallengeResponses ?? {};
        if (params.ChallengeName === 'PASSWORD_VERIFIER') {
          if (!verify(r)) return fail(cb);
          const device = r.DEVICE_KEY ? devices.get(r.DEVICE_KEY) : undefined;
          if (r.DEVICE_KEY && !device) return cb({ code: 'ResourceNotFoundException', message: 'Device does not exist.' });
          return cb(null, device ? { ChallengeName: 'DEVICE_SRP_AUTH', ChallengeParameters: {} } : tokens(r.USERNAME ?? '', true));
        }
        if (params.ChallengeName === 'DEVICE_SRP_AUTH') {
          const device = devices.get(r.DEVICE_KEY ?? '');
          const A = parseSrpA(r.SRP_A ?? '');
          if (!device || A === undefined) return fail(cb);
          return cb(null, challenge('DEVICE_PASSWORD_VERIFIER', device.groupKey, r.DEVICE_KEY ?? '', A, device, { USERNAME: r.USERNAME ?? '', DEVICE_KEY: r.DEVICE_KEY ?? '' }));
        }
        if (params.ChallengeName === 'DEVICE_PASSWORD_VERIFIER') {
          return verify(r) ? cb(null, tokens(r.USERNAME ?? '', false)) : fail(cb);
        }
      }
      if (op === 'ConfirmDevice' && params.DeviceKey && params.DeviceSecretVerifierConfig) {
        devices.set(params.DeviceKey, {
          groupKey: '-grpKey42',
          salt: Buffer.from(params.DeviceSecretVerifierConfig.Salt, 'base64'),
          verifier: Buffer.from(params.DeviceSecretVerifierConfig.PasswordVerifier, 'base64'),
        });
        return cb(null, { UserConfirmationNecessary: false });
      }
      return cb({ code: 'InvalidParameterException', message: `unexpected ${op}` });
    };
    return { request, devices, log };
  }

  function signIn(pool: CognitoUserPool, storage: ICognitoStorage, username: string, password: string): Promise<string> {
    const user = new CognitoUser({ Username: username, Pool: pool, Storage: storage });
    return new Promise((resolve, reject) =>
      user.authenticateUser(new AuthenticationDetails({ Username: username, Password: password }), {
        onSuccess: (session) => resolve(String(session.getAccessToken().decodePayload()['username'])),
        onFailure: (err: unknown) => reject(err as Error),
      }),
    );
  }

  test('USER_SRP_AUTH, ConfirmDevice, then sign-in through DEVICE_SRP_AUTH', async () => {
    const users = new Map([['alice', computeVerifier(POOL_NAME, 'alice', 'Passw0rd!')]]);
    const server = makeServer(users);
    const pool = new CognitoUserPool({ UserPoolId: POOL_ID, ClientId: 'client1234567890' });
    Object.assign(pool, { client: { request: server.request } });
    const storage = new MemoryStorage();

    assert.equal(await signIn(pool, storage, 'alice', 'Passw0rd!'), 'alice');
    assert.deepEqual(server.log.splice(0), ['InitiateAuth', 'RespondToAuthChallenge:PASSWORD_VERIFIER', 'ConfirmDevice']);
    assert.equal(server.devices.size, 1);

    assert.equal(await signIn(pool, storage, 'alice', 'Passw0rd!'), 'alice');
    assert.deepEqual(server.log.splice(0), [
      'InitiateAuth',
      'RespondToAuthChallenge:PASSWORD_VERIFIER',
      'RespondToAuthChallenge:DEVICE_SRP_AUTH',
      'RespondToAuthChallenge:DEVICE_PASSWORD_VERIFIER',
    ]);

    await assert.rejects(signIn(pool, storage, 'alice', 'wrong-Passw0rd!'), (err: { code?: string }) => err.code === 'NotAuthorizedException');

    // A device whose stored verifier is wrong fails at DEVICE_PASSWORD_VERIFIER.
    for (const device of server.devices.values()) device.verifier = computeVerifier('-grpKey42', 'x', 'y', device.salt).verifier;
    await assert.rejects(signIn(pool, storage, 'alice', 'Passw0rd!'), (err: { code?: string }) => err.code === 'NotAuthorizedException');
  });
});
