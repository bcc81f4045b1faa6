/**
 * Software-token MFA (RFC 6238 TOTP as Cognito uses it: HMAC-SHA1, 6 digits, 30-second steps,
 * one step of clock drift either way). The math is the `otpauth` library's; this module only
 * picks the parameters, makes the secrets and seals them at rest.
 */
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { open, seal } from '../crypto/sealed.ts';

export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** Steps of drift accepted either side of the current one. */
export const TOTP_WINDOW = 1;
export const totpAad = (poolId: string, sub: string): string => `totp-secret:${poolId}:${sub}`;

/** A new secret: 20 bytes from the CSPRNG (160 bits, RFC 4226's recommendation), base32 — 32 characters like Cognito's SecretCode. */
export function newTotpSecret(): string {
  const bytes = randomBytes(20);
  return new Secret({ buffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length) }).base32;
}

/** Sealed for one user (the pool and sub are bound in as associated data). */
export function sealTotpSecret(masterKey: Buffer, owner: { poolId: string; sub: string }, base32: string): string {
  return seal(masterKey, Buffer.from(base32, 'utf8'), totpAad(owner.poolId, owner.sub)).toString('base64');
}

export function openTotpSecret(masterKey: Buffer, owner: { poolId: string; sub: string }, sealed: string): string {
  return open(masterKey, Buffer.from(sealed, 'base64'), totpAad(owner.poolId, owner.sub)).toString('utf8');
}

/**
 * The RFC 6238 time step a code belongs to (within ±{@link TOTP_WINDOW} steps of `nowMs`), or
 * undefined when the code is wrong. Callers refuse steps already used.
 */
export function matchTotpStep(base32: string, code: string, nowMs: number): number | undefined {
  if (!/^\d{6}$/.test(code)) return undefined;
  const delta = TOTP.validate({
    token: code,
    secret: Secret.fromBase32(base32),
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    timestamp: nowMs,
    window: TOTP_WINDOW,
  });
  if (delta === null) return undefined;
  return TOTP.counter({ period: TOTP_PERIOD_SECONDS, timestamp: nowMs }) + delta;
}
