/**
 * The client side of Cognito SRP (what amazon-cognito-identity-js's AuthenticationHelper does),
 * with OpenSSL doing the modular exponentiation so the load generator stays cheap: a JS big-number
 * client would spend more CPU per sign-in than the server and skew the measurement.
 */
import { createDiffieHellman, createHash, createHmac, hkdfSync, randomBytes, type DiffieHellman } from 'node:crypto';
import { SRP_G, SRP_K, SRP_N, formatSrpTimestamp, padHex } from '../src/domain/passwords/srp.ts';

const N_BYTES = 384;
const G_BUFFER = Buffer.from([2]);
let dh: DiffieHellman | undefined;

function toBytes(n: bigint, length?: number): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2 !== 0) hex = `0${hex}`;
  const b = Buffer.from(hex, 'hex');
  return length === undefined || b.length >= length ? b : Buffer.concat([Buffer.alloc(length - b.length), b]);
}

function toBigInt(b: Buffer): bigint {
  return b.length === 0 ? 0n : BigInt(`0x${b.toString('hex')}`);
}

/** base^e mod N in native code (base must be in [2, N-2], true for every value used here). */
function modPow(base: bigint, e: bigint): bigint {
  dh ??= createDiffieHellman(toBytes(SRP_N), G_BUFFER);
  dh.setPrivateKey(toBytes(e));
  return toBigInt(dh.computeSecret(base === SRP_G ? G_BUFFER : toBytes(base, N_BYTES)));
}

function hashHex(hex: string): bigint {
  return toBigInt(createHash('sha256').update(Buffer.from(hex, 'hex')).digest());
}

export interface SrpStart {
  a: bigint;
  A: bigint;
  /** SRP_A as the client sends it. */
  srpA: string;
}

/** A fresh ephemeral a (256 bits) and A = g^a mod N. */
export function srpStart(): SrpStart {
  const a = toBigInt(randomBytes(32));
  const A = modPow(SRP_G, a);
  return { a, A, srpA: A.toString(16) };
}

/** g^x per user, salt and password: a client computes it on every sign-in, the load generator caches it. */
const gxCache = new Map<string, { x: bigint; gx: bigint }>();

/**
 * The ChallengeResponses of PASSWORD_VERIFIER for the challenge parameters the server sent
 * (SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP).
 */
export function srpRespond(poolId: string, password: string, start: SrpStart, params: Record<string, string>, now = new Date()): Record<string, string> {
  const poolName = poolId.slice(poolId.indexOf('_') + 1);
  const userId = params['USER_ID_FOR_SRP'] ?? '';
  const B = BigInt(`0x${params['SRP_B'] ?? '0'}`);
  const saltHex = params['SALT'] ?? '0';
  const key = `${poolName}\u0000${userId}\u0000${saltHex}\u0000${password}`;
  let cached = gxCache.get(key);
  if (cached === undefined) {
    const inner = createHash('sha256').update(`${poolName}${userId}:${password}`, 'utf8').digest('hex');
    const x = hashHex(padHex(BigInt(`0x${saltHex}`)) + inner);
    cached = { x, gx: modPow(SRP_G, x) };
    gxCache.set(key, cached);
  }
  const u = hashHex(padHex(start.A) + padHex(B));
  const base = (((B - ((SRP_K * cached.gx) % SRP_N)) % SRP_N) + SRP_N) % SRP_N;
  const S = modPow(base, start.a + u * cached.x);
  const hkdf = Buffer.from(hkdfSync('sha256', Buffer.from(padHex(S), 'hex'), Buffer.from(padHex(u), 'hex'), Buffer.from('Caldera Derived Key', 'utf8'), 16));
  const timestamp = formatSrpTimestamp(now);
  const secretBlock = params['SECRET_BLOCK'] ?? '';
  const signature = createHmac('sha256', hkdf)
    .update(Buffer.from(poolName, 'utf8'))
    .update(Buffer.from(userId, 'utf8'))
    .update(Buffer.from(secretBlock, 'base64'))
    .update(Buffer.from(timestamp, 'utf8'))
    .digest('base64');
  return { USERNAME: userId, PASSWORD_CLAIM_SECRET_BLOCK: secretBlock, PASSWORD_CLAIM_SIGNATURE: signature, TIMESTAMP: timestamp };
}
