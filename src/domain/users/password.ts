/**
 * A user's password at rest: Cognito's SRP salt and verifier (never the password), sealed with
 * the server's master key (AES-256-GCM) and bound to the pool and user, base64 in
 * `UserRecord.passwordSealed`. The SRP user id is the real Username (the sub in
 * email/phone-as-username pools), as Cognito computes it.
 */
import { open, seal } from '../crypto/sealed.ts';
import { srpPoolName } from '../pools/pool-config.ts';
import { checkPassword, computeVerifier, unknowableVerifier, type PasswordVerifier } from '../passwords/srp.ts';
import type { PoolRecord, UserRecord } from '../../storage/ports/index.ts';

/** Associated data of a user's sealed verifier (also used by `userpool rotate-master-key`). */
export const passwordAad = (poolId: string, sub: string): string => `password:${poolId}:${sub}`;
const aad = (pool: PoolRecord, user: UserRecord): string => passwordAad(pool.id, user.sub);

interface SealedVerifier {
  s: string;
  v: string;
}

function sealVerifier(masterKey: Buffer, pool: PoolRecord, user: UserRecord, { salt, verifier }: PasswordVerifier): string {
  const body: SealedVerifier = { s: salt.toString('base64'), v: verifier.toString('base64') };
  return seal(masterKey, Buffer.from(JSON.stringify(body), 'utf8'), aad(pool, user)).toString('base64');
}

/** Computes and seals the SRP verifier of `password`; returns the value for `passwordSealed`. */
export function sealPassword(masterKey: Buffer, pool: PoolRecord, user: UserRecord, password: string): string {
  return sealVerifier(masterKey, pool, user, computeVerifier(srpPoolName(pool.id), user.username, password));
}

/** Sets `user.passwordSealed` to the sealed verifier of `password` (in place; the caller saves the user). */
export function setPassword(user: UserRecord, pool: PoolRecord, password: string, masterKey: Buffer): void {
  user.passwordSealed = sealPassword(masterKey, pool, user, password);
}

/**
 * Gives the user a password nobody knows: for a generated temporary password that is never
 * delivered (AdminCreateUser with MessageAction SUPPRESS and no TemporaryPassword), whose only
 * property is that no one can sign in with it. Instead of hashing a random password (a 3072-bit
 * modular exponentiation, ~0.8 ms — most of AdminCreateUser's CPU) the user gets a random
 * verifier of the same distribution (srp.ts `unknowableVerifier`): every sign-in attempt fails
 * exactly as it would against the undelivered password, until an admin sets a password or
 * resends the invitation (which generates and delivers a new one).
 */
export function setUndeliveredPassword(user: UserRecord, pool: PoolRecord, masterKey: Buffer): void {
  user.passwordSealed = sealVerifier(masterKey, pool, user, unknowableVerifier());
}

/** The user's SRP salt and verifier (USER_SRP_AUTH), or undefined when the user has no password. */
export function readPasswordVerifier(user: UserRecord, pool: PoolRecord, masterKey: Buffer): PasswordVerifier | undefined {
  if (user.passwordSealed === null) return undefined;
  const body = JSON.parse(open(masterKey, Buffer.from(user.passwordSealed, 'base64'), aad(pool, user)).toString('utf8')) as SealedVerifier;
  return { salt: Buffer.from(body.s, 'base64'), verifier: Buffer.from(body.v, 'base64') };
}

/** Whether `password` is the user's password (constant-time compare); false when the user has none. */
export function verifyPassword(user: UserRecord, pool: PoolRecord, password: string, masterKey: Buffer): boolean {
  const stored = readPasswordVerifier(user, pool, masterKey);
  if (!stored) return false;
  return checkPassword(srpPoolName(pool.id), user.username, password, stored);
}
