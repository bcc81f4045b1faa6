/** Building a new user record and the temporary-password rules shared by AdminCreateUser and friends. */
import { poolConfigOf } from '../pools/pool-config.ts';
import { DEFAULT_PASSWORD_POLICY, type PasswordPolicy } from '../passwords/policy.ts';
import type { PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { computeAliases } from './aliases.ts';
import { usernameKey } from './username.ts';

export interface NewUserInput {
  sub: string;
  /** The real Username (the sub in email/phone-as-username pools). */
  username: string;
  status: string;
  /** Every attribute but `sub`, already validated. */
  attributes: Record<string, string>;
  now: number;
}

/** A user record with the username key and alias columns derived from the pool's settings. */
export function newUserRecord(pool: PoolRecord, input: NewUserInput): UserRecord {
  return {
    poolId: pool.id,
    sub: input.sub,
    username: input.username,
    usernameKey: usernameKey(pool, input.username),
    status: input.status,
    enabled: true,
    attributes: input.attributes,
    ...computeAliases(pool, input.attributes),
    passwordSealed: null,
    tempPasswordExpiresAt: null,
    mfaOptions: null,
    tokensValidAfter: 0,
    failedAttempts: 0,
    lockedUntil: 0,
    createdAt: input.now,
    updatedAt: input.now,
  };
}

/** The pool's password policy. */
export function passwordPolicyOf(pool: PoolRecord): PasswordPolicy {
  return (poolConfigOf(pool).Policies?.PasswordPolicy ?? DEFAULT_PASSWORD_POLICY) as PasswordPolicy;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** When a temporary password issued at `now` stops working (`TemporaryPasswordValidityDays`, 0 ⇒ 7). */
export function temporaryPasswordExpiry(pool: PoolRecord, now: number): number {
  const days = passwordPolicyOf(pool).TemporaryPasswordValidityDays;
  return now + (days === undefined || days === 0 ? 7 : days) * DAY_MS;
}

/**
 * Whether a user created without a temporary password gets none (passwordless sign-in enabled:
 * `SignInPolicy.AllowedFirstAuthFactors` names an OTP or passkey factor).
 */
export function isPasswordlessPool(pool: PoolRecord): boolean {
  const factors = (poolConfigOf(pool).Policies?.SignInPolicy?.['AllowedFirstAuthFactors'] as string[] | undefined) ?? ['PASSWORD'];
  return factors.some((f) => f === 'EMAIL_OTP' || f === 'SMS_OTP' || f === 'WEB_AUTHN');
}
