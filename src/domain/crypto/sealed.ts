/** Secrets at rest: AES-256-GCM under the server's master key, plus hashing for stored tokens/codes. */
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;

function checkKey(key: Buffer): void {
  if (key.length !== 32) throw new RangeError(`sealed: key must be 32 bytes, got ${key.length}`);
}

/** version byte ‖ 12-byte IV ‖ 16-byte tag ‖ ciphertext. `aad` binds the blob to its context (e.g. a row id). */
export function seal(key: Buffer, plaintext: Buffer, aad?: string): Buffer {
  checkKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), ciphertext]);
}

/** Throws when the blob is malformed, was sealed under another key or aad, or was altered. */
export function open(key: Buffer, sealed: Buffer, aad?: string): Buffer {
  checkKey(key);
  if (sealed.length < HEADER_BYTES) throw new Error('sealed: blob too short');
  if (sealed[0] !== VERSION) throw new Error(`sealed: unknown version ${sealed[0]}`);
  const iv = sealed.subarray(1, 1 + IV_BYTES);
  const tag = sealed.subarray(1 + IV_BYTES, HEADER_BYTES);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tag);
  if (aad !== undefined) decipher.setAAD(Buffer.from(aad, 'utf8'));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(HEADER_BYTES)), decipher.final()]);
  } catch {
    throw new Error('sealed: authentication failed');
  }
}

/** SHA-256 hex: how refresh tokens and one-time codes are stored. */
export function hashSecret(s: string): string {
  return createHash('sha256').update(s, 'utf8').digest('hex');
}

/** Timing-safe string equality that also hides the length (both sides are hashed first). */
export function safeEqual(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a, 'utf8').digest();
  const hb = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(ha, hb);
}
