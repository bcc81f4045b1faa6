/**
 * Cognito SRP-6a, server side (spec/auth.md §A). Device SRP (§A.4) is the same math with
 * poolName := DeviceGroupKey, userId := DeviceKey, password := the device's random password.
 *
 * All modular exponentiation runs in OpenSSL through one DiffieHellman object over N:
 * with its private key set to `e`, `computeSecret(base)` returns `base^e mod N`. (Creating a
 * DiffieHellman with an arbitrary generator instead would run OpenSSL's parameter check, which
 * takes over a second for a 3072-bit prime.) BigInt only multiplies and adds.
 */
import { createDiffieHellman, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import type { DiffieHellman } from 'node:crypto';

const N_HEX =
  'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD' +
  'EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED' +
  'EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F' +
  '83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3B' +
  'E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA0510' +
  '15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7' +
  'ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200C' +
  'BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';

/** RFC 3526 group 15 (3072-bit MODP) prime. */
export const SRP_N: bigint = BigInt(`0x${N_HEX}`);
export const SRP_G = 2n;

const N_BYTES = N_HEX.length / 2; // 384
const N_BUFFER = Buffer.from(N_HEX, 'hex');
const G_BUFFER = Buffer.from([2]);
const HKDF_INFO = Buffer.from('Caldera Derived Key', 'utf8');
const SIGNATURE_BYTES = 32;
/** A < N has at most 768 hex digits; allow some leading zeros, refuse anything absurd. */
const MAX_A_HEX_LENGTH = 1024;

/**
 * Hex of n as Java's `BigInteger.toByteArray()` would encode it (n ≥ 0): even length, and a
 * leading `00` when the top bit is set.
 */
export function padHex(n: bigint): string {
  if (n < 0n) throw new RangeError('padHex: negative values are not used server-side');
  let hex = n.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  return /^[89a-f]/.test(hex) ? `00${hex}` : hex;
}

/** Plain lowercase hex of an integer, as Cognito sends SALT and SRP_B. */
export function toSrpHex(value: bigint | Buffer): string {
  return (typeof value === 'bigint' ? value : bytesToBigInt(value)).toString(16);
}

export function bytesToBigInt(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`);
}

function bigIntToBytes(n: bigint, length?: number): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  const bytes = Buffer.from(hex, 'hex');
  if (length === undefined || bytes.length >= length) return bytes;
  return Buffer.concat([Buffer.alloc(length - bytes.length), bytes]);
}

function sha256(data: Buffer | string): Buffer {
  return createHash('sha256').update(data).digest();
}

/** `Hhex(hexStr)` of the spec, as an integer. */
function hashHexToBigInt(hex: string): bigint {
  return bytesToBigInt(sha256(Buffer.from(hex, 'hex')));
}

/** k = H(padHex(N) ‖ padHex(g)). */
export const SRP_K: bigint = hashHexToBigInt(padHex(SRP_N) + padHex(SRP_G));

// A cache, not state: every use sets the private key and reads the result synchronously.
let modExpContext: DiffieHellman | undefined;

/** base^exponent mod N in native code. */
function modPow(base: bigint, exponent: bigint | Buffer): bigint {
  const e = typeof exponent === 'bigint' ? exponent : bytesToBigInt(exponent);
  const b = ((base % SRP_N) + SRP_N) % SRP_N;
  if (e === 0n) return 1n;
  // OpenSSL refuses "public keys" outside [2, N-2]; those bases have trivial powers.
  if (b === 0n || b === 1n) return b;
  if (b === SRP_N - 1n) return (e & 1n) === 1n ? b : 1n;
  modExpContext ??= createDiffieHellman(N_BUFFER, G_BUFFER);
  modExpContext.setPrivateKey(typeof exponent === 'bigint' ? bigIntToBytes(exponent) : exponent);
  const result = b === SRP_G ? modExpContext.computeSecret(G_BUFFER) : modExpContext.computeSecret(bigIntToBytes(b, N_BYTES));
  return bytesToBigInt(result);
}

export interface PasswordVerifier {
  /** 16 random bytes; the integer they encode is the SRP salt `s`. */
  salt: Buffer;
  /** v = g^x mod N, big-endian (computeVerifier writes 384 bytes; any length is read). */
  verifier: Buffer;
}

/** x = H(padHex(s) ‖ hex(SHA256(poolName ‖ userId ‖ ":" ‖ password))) */
function computeX(poolName: string, userId: string, password: string, salt: Buffer): bigint {
  const inner = sha256(Buffer.from(`${poolName}${userId}:${password}`, 'utf8')).toString('hex');
  return hashHexToBigInt(padHex(bytesToBigInt(salt)) + inner);
}

export function computeVerifier(poolName: string, userId: string, password: string, salt: Buffer = randomBytes(16)): PasswordVerifier {
  const x = computeX(poolName, userId, password, salt);
  return { salt: Buffer.from(salt), verifier: bigIntToBytes(modPow(SRP_G, x), N_BYTES) };
}

/**
 * A verifier that no password opens, without a modular exponentiation: v = r² mod N for a random
 * r. g = 2 generates the quadratic residues mod this safe prime, so v is distributed exactly like
 * the verifier of a random password, and finding a password for it means solving a discrete
 * logarithm. For passwords that are generated and never shown to anyone.
 */
export function unknowableVerifier(salt: Buffer = randomBytes(16)): PasswordVerifier {
  let r = 0n;
  while (r < 2n || r >= SRP_N - 1n) r = bytesToBigInt(randomBytes(N_BYTES));
  return { salt: Buffer.from(salt), verifier: bigIntToBytes((r * r) % SRP_N, N_BYTES) };
}

/** Recomputes v from the password (USER_PASSWORD_AUTH) and compares in constant time. */
export function checkPassword(poolName: string, userId: string, password: string, stored: PasswordVerifier): boolean {
  const storedV = bytesToBigInt(stored.verifier);
  if (storedV >= SRP_N) return false;
  const candidate = bigIntToBytes(modPow(SRP_G, computeX(poolName, userId, password, stored.salt)), N_BYTES);
  return timingSafeEqual(candidate, bigIntToBytes(storedV, N_BYTES));
}

export interface SrpServerStep {
  /** The server's secret exponent; keep it (sealed) until the PASSWORD_VERIFIER response. */
  b: Buffer;
  B: bigint;
}

function verifierToBigInt(verifier: Buffer | bigint): bigint {
  return typeof verifier === 'bigint' ? verifier : bytesToBigInt(verifier);
}

/** B = (k·v + g^b) mod N with a fresh 256-bit b. */
export function startSrp(verifier: Buffer | bigint, random: (size: number) => Buffer = randomBytes): SrpServerStep {
  const kv = (SRP_K * verifierToBigInt(verifier)) % SRP_N;
  for (;;) {
    const b = random(32);
    const B = (kv + modPow(SRP_G, b)) % SRP_N;
    if (B !== 0n) return { b, B };
  }
}

export interface SrpSignatureInput {
  /** User pool name (part of the pool id after `_`), or the DeviceGroupKey for device SRP. */
  poolName: string;
  /** USER_ID_FOR_SRP, or the DeviceKey for device SRP. */
  userId: string;
  A: bigint;
  B: bigint;
  b: Buffer;
  verifier: Buffer | bigint;
  /** PASSWORD_CLAIM_SECRET_BLOCK, base64-decoded. */
  secretBlock: Buffer;
  /** TIMESTAMP exactly as the client sent it. */
  timestamp: string;
  /** PASSWORD_CLAIM_SIGNATURE, base64. */
  signature: string;
}

/** Checks PASSWORD_CLAIM_SIGNATURE; false for any malformed input. */
export function verifySrpSignature(p: SrpSignatureInput): boolean {
  if (p.A <= 0n || p.A % SRP_N === 0n || p.B <= 0n) return false;
  const u = hashHexToBigInt(padHex(p.A) + padHex(p.B));
  if (u === 0n) return false;
  const v = verifierToBigInt(p.verifier);
  // S = (A · v^u)^b mod N
  const S = modPow(((p.A % SRP_N) * modPow(v, u)) % SRP_N, p.b);
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'), HKDF_INFO, 16));
  const expected = createHmac('sha256', key)
    .update(Buffer.from(p.poolName, 'utf8'))
    .update(Buffer.from(p.userId, 'utf8'))
    .update(p.secretBlock)
    .update(Buffer.from(p.timestamp, 'utf8'))
    .digest();
  const given = Buffer.from(p.signature, 'base64');
  return given.length === SIGNATURE_BYTES && timingSafeEqual(given, expected);
}

/** Parses SRP_A (hex); undefined when it is not hex or A mod N = 0 (the SRP safety check). */
export function parseSrpA(hex: string): bigint | undefined {
  if (hex.length === 0 || hex.length > MAX_A_HEX_LENGTH || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
  const A = BigInt(`0x${hex}`);
  return A % SRP_N === 0n ? undefined : A;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

const two = (n: number): string => String(n).padStart(2, '0');

/** "ddd MMM D HH:mm:ss UTC YYYY", e.g. "Tue Sep 3 07:05:09 UTC 2024" (day not zero-padded). */
export function formatSrpTimestamp(d: Date): string {
  return `${WEEKDAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/**
 * Lenient parse of a client TIMESTAMP for freshness checks (padded day, repeated spaces and any
 * letter case accepted; the weekday is not cross-checked). Undefined when unparseable.
 */
export function parseSrpTimestamp(s: string): Date | undefined {
  const m = /^\s*[a-z]{3}\s+([a-z]{3})\s+(\d{1,2})\s+(\d{1,2}):(\d{2}):(\d{2})\s+UTC\s+(\d{4})\s*$/i.exec(s);
  if (!m) return undefined;
  const [, mon = '', day = '', hh = '', mm = '', ss = '', year = ''] = m;
  const month = MONTHS.findIndex((name) => name.toLowerCase() === mon.toLowerCase());
  if (month < 0) return undefined;
  const d = new Date(Date.UTC(Number(year), month, Number(day), Number(hh), Number(mm), Number(ss)));
  return d.getUTCDate() === Number(day) && d.getUTCHours() === Number(hh) && Number(mm) < 60 && Number(ss) < 60 ? d : undefined;
}
