/**
 * Client-side MFA and device math for the tests, written independently of the server's code (the
 * server uses `otpauth`; this is RFC 4226/6238 over node:crypto directly, checked against the
 * RFC 6238 test vectors in test/mfa-totp-vectors.test.ts).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { padHex } from '../../src/domain/passwords/srp.ts';
import { srpClientRespond, srpClientStart, srpVerifier, type SrpClientStart } from './srp-client.ts';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(text: string): Buffer {
  const clean = text.replace(/=+$/, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of clean) {
    const i = BASE32.indexOf(ch);
    if (i < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP with dynamic truncation. */
export function hotp(key: Buffer, counter: number, digits = 6, algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha1'): string {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac(algorithm, key).update(msg).digest();
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const bin = (((mac[offset] ?? 0) & 0x7f) << 24) | ((mac[offset + 1] ?? 0) << 16) | ((mac[offset + 2] ?? 0) << 8) | (mac[offset + 3] ?? 0);
  return String(bin % 10 ** digits).padStart(digits, '0');
}

/** RFC 6238 TOTP (30-second steps from the Unix epoch). */
export function totp(key: Buffer, timeMs: number, digits = 6, algorithm: 'sha1' | 'sha256' | 'sha512' = 'sha1'): string {
  return hotp(key, Math.floor(timeMs / 1000 / 30), digits, algorithm);
}

/** The 6-digit code an authenticator app shows for a Cognito SecretCode at `timeMs`. */
export const totpCode = (secretBase32: string, timeMs: number): string => totp(base32Decode(secretBase32), timeMs);

/** A code that is not the right one at `timeMs` (nor in the steps either side). */
export function wrongTotpCode(secretBase32: string, timeMs: number): string {
  const near = new Set([-1, 0, 1].map((d) => totpCode(secretBase32, timeMs + d * 30_000)));
  for (let i = 0; ; i++) {
    const c = String(i).padStart(6, '0');
    if (!near.has(c)) return c;
  }
}

export interface DeviceSecret {
  deviceKey: string;
  groupKey: string;
  password: string;
  /** ConfirmDevice's DeviceSecretVerifierConfig. */
  config: { Salt: string; PasswordVerifier: string };
}

/** What amazon-cognito-identity-js's generateHashDevice computes for a new device. */
export function deviceSecret(deviceKey: string, groupKey: string): DeviceSecret {
  const password = randomBytes(40).toString('base64');
  const salt = BigInt(`0x${randomBytes(16).toString('hex')}`);
  const v = srpVerifier(salt, groupKey, deviceKey, password);
  return {
    deviceKey,
    groupKey,
    password,
    config: { Salt: Buffer.from(padHex(salt), 'hex').toString('base64'), PasswordVerifier: Buffer.from(padHex(v), 'hex').toString('base64') },
  };
}

export const deviceSrpStart = (): SrpClientStart => srpClientStart();

/** DEVICE_PASSWORD_VERIFIER responses: the SRP proof with poolName := DeviceGroupKey, userId := DeviceKey. */
export function deviceSrpRespond(device: DeviceSecret, start: SrpClientStart, params: Record<string, string>, username: string): Record<string, string> {
  const r = srpClientRespond(`x_${device.groupKey}`, device.password, start, { ...params, USER_ID_FOR_SRP: device.deviceKey });
  return { ...r, USERNAME: username, DEVICE_KEY: device.deviceKey };
}
