/**
 * Lockout after repeated wrong passwords, as Cognito does it: after five failed sign-in attempts
 * the user is locked out temporarily — 1 second, doubling with each further failure, up to about
 * 15 minutes; attempts during a lockout are refused (`Password attempts exceeded`) without
 * checking the password; 15 minutes without failures reset the count.
 *
 * `UserRecord.lockedUntil` holds the end of the current lockout, or (below the threshold) the
 * time of the last failure, which is what the reset window is measured from.
 *
 * A password check first claims an attempt: one atomic compare-and-set in the database that
 * refuses while locked and otherwise counts the attempt as a failure; a right password then
 * clears the count. So parallel guesses (on one node or several) are checked at most
 * {@link LOCKOUT_THRESHOLD} times per lockout window, instead of all passing the check before
 * any failure is counted.
 */
import type { Deps } from '../context.ts';
import { CognitoError } from '../errors.ts';
import type { UserRecord } from '../../storage/ports/index.ts';
import { decoySub } from '../messaging/codes.ts';

export const LOCKOUT_THRESHOLD = 5;
const MAX_LOCK_MS = 15 * 60 * 1000;
const RESET_AFTER_MS = 15 * 60 * 1000;
/** Compare-and-set retries under contention before giving up (answered as locked). */
const MAX_CLAIM_TRIES = 100;

function lockedOut(now: number, failedAttempts: number, lockedUntil: number): boolean {
  return failedAttempts >= LOCKOUT_THRESHOLD && now < lockedUntil;
}

/** Refuses a locked-out user, without counting anything (steps that check no password). */
export function assertNotLockedOut(deps: Deps, user: UserRecord): void {
  if (lockedOut(deps.now(), user.failedAttempts, user.lockedUntil)) throw new CognitoError('NotAuthorizedException', 'Password attempts exceeded');
}

/**
 * Claims one password check for `user`: refuses (`Password attempts exceeded`) while locked out,
 * else counts it as a failure up front, atomically; {@link recordSignInSuccess} undoes that when
 * the password is right.
 */
export async function claimPasswordAttempt(deps: Deps, user: UserRecord): Promise<void> {
  let failedAttempts = user.failedAttempts;
  let lockedUntil = user.lockedUntil;
  for (let i = 0; i < MAX_CLAIM_TRIES; i++) {
    const now = deps.now();
    if (lockedOut(now, failedAttempts, lockedUntil)) break;
    const previous = now - lockedUntil > RESET_AFTER_MS ? 0 : failedAttempts;
    const failures = previous + 1;
    const nextLockedUntil = failures >= LOCKOUT_THRESHOLD ? now + Math.min(1000 * 2 ** (failures - LOCKOUT_THRESHOLD), MAX_LOCK_MS) : now;
    if (await deps.store.auth.compareAndSetSignInFailures(user.poolId, user.sub, { failedAttempts, lockedUntil }, { failedAttempts: failures, lockedUntil: nextLockedUntil })) {
      user.failedAttempts = failures;
      user.lockedUntil = nextLockedUntil;
      return;
    }
    const current = await deps.store.users.findUserBySub(user.poolId, user.sub);
    if (current === undefined) break;
    failedAttempts = current.failedAttempts;
    lockedUntil = current.lockedUntil;
  }
  user.failedAttempts = Math.max(failedAttempts, LOCKOUT_THRESHOLD);
  user.lockedUntil = lockedUntil;
  throw new CognitoError('NotAuthorizedException', 'Password attempts exceeded');
}

/** A right password clears the count (including the attempt claimed for it). */
export async function recordSignInSuccess(deps: Deps, user: UserRecord): Promise<void> {
  if (user.failedAttempts === 0 && user.lockedUntil === 0) return;
  user.failedAttempts = 0;
  user.lockedUntil = 0;
  await deps.store.auth.setSignInFailures(user.poolId, user.sub, 0, 0);
}

/**
 * Under PreventUserExistenceErrors, an unknown username is locked out too, so `Password attempts
 * exceeded` does not tell real users apart: after 5 wrong passwords within 15 minutes, refused
 * until those 15 minutes are over (a real user's shorter first lockouts are not mimicked).
 */
export async function claimDecoyPasswordAttempt(deps: Deps, poolId: string, username: string): Promise<void> {
  if ((await deps.store.auth.bumpAttemptCounter(poolId, decoySub(username), 'signin', deps.now(), RESET_AFTER_MS)) > LOCKOUT_THRESHOLD) throw new CognitoError('NotAuthorizedException', 'Password attempts exceeded');
}
