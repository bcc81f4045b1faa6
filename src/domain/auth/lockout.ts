/**
 * Lockout after repeated wrong passwords, as Cognito does it: after five failed sign-in attempts
 * the user is locked out temporarily — 1 second, doubling with each further failure, up to about
 * 15 minutes; attempts during a lockout are refused (`Password attempts exceeded`) without
 * checking the password; 15 minutes without failures reset the count.
 *
 * `UserRecord.lockedUntil` holds the end of the current lockout, or (below the threshold) the
 * time of the last failure, which is what the reset window is measured from.
 */
import type { Deps } from '../../api/context.ts';
import { notAuthorized } from '../../protocol/errors.ts';
import type { UserRecord } from '../../storage/ports.ts';

export const LOCKOUT_THRESHOLD = 5;
const MAX_LOCK_MS = 15 * 60 * 1000;
const RESET_AFTER_MS = 15 * 60 * 1000;

export function assertNotLockedOut(deps: Deps, user: UserRecord): void {
  if (user.failedAttempts >= LOCKOUT_THRESHOLD && deps.now() < user.lockedUntil) throw notAuthorized('Password attempts exceeded');
}

/** Counts a wrong password. */
export async function recordSignInFailure(deps: Deps, user: UserRecord): Promise<void> {
  const now = deps.now();
  const previous = now - user.lockedUntil > RESET_AFTER_MS ? 0 : user.failedAttempts;
  const failures = previous + 1;
  const lockedUntil = failures >= LOCKOUT_THRESHOLD ? now + Math.min(1000 * 2 ** (failures - LOCKOUT_THRESHOLD), MAX_LOCK_MS) : now;
  user.failedAttempts = failures;
  user.lockedUntil = lockedUntil;
  await deps.store.setSignInFailures(user.poolId, user.sub, failures, lockedUntil);
}

/** A right password clears the count. */
export async function recordSignInSuccess(deps: Deps, user: UserRecord): Promise<void> {
  if (user.failedAttempts === 0 && user.lockedUntil === 0) return;
  user.failedAttempts = 0;
  user.lockedUntil = 0;
  await deps.store.setSignInFailures(user.poolId, user.sub, 0, 0);
}
