/** An administrator resetting or setting a user's password: AdminResetUserPassword, AdminSetUserPassword. */
import type { RequestContext } from '../context.ts';
import { CognitoError } from '../errors.ts';
import type { AdminSetUserPasswordRequest } from '../../generated/shapes.ts';
import type { PoolRecord } from '../../storage/ports/index.ts';
import { CODE_TTL_MS, CodePurpose, issueCode } from '../messaging/codes.ts';
import { deliverMessage } from '../messaging/deliver.ts';
import { checkPasswordPolicy } from '../passwords/policy.ts';
import { recoveryChannelOf } from '../auth/account.ts';
import { passwordPolicyOf, temporaryPasswordExpiry } from './new-user.ts';
import { setPassword } from './password.ts';
import { requireUser } from './resolve.ts';

/**
 * AdminResetUserPassword: a CONFIRMED user becomes RESET_REQUIRED and gets a password-reset code
 * (for ConfirmForgotPassword) at its verified email / phone number. Already RESET_REQUIRED: no-op.
 * Other states: `NotAuthorizedException: User password cannot be reset in the current state.`
 */
export async function resetUserPassword(ctx: RequestContext, pool: PoolRecord, username: string): Promise<void> {
  const { deps } = ctx;
  const user = await requireUser(deps.store, pool, username);
  if (user.status === 'RESET_REQUIRED') return;
  if (user.status !== 'CONFIRMED') throw new CognitoError('NotAuthorizedException', 'User password cannot be reset in the current state.');
  const channel = recoveryChannelOf(pool, user);
  if (channel === undefined) throw new CognitoError('InvalidParameterException', 'Cannot reset password for the user as there is no registered/verified email or phone_number');
  // The code is issued first: a throttled request (LimitExceededException) leaves the user as it was.
  const code = channel === null ? undefined : await issueCode(deps.store, user, CodePurpose.FORGOT_PASSWORD, CODE_TTL_MS.FORGOT_PASSWORD, deps);
  user.status = 'RESET_REQUIRED';
  user.updatedAt = deps.now();
  await deps.store.users.updateUser(user);
  if (channel !== null && code !== undefined) await deliverMessage(deps, pool, user, { kind: 'ADMIN_RESET', channel, code, log: ctx.log });
}

/**
 * AdminSetUserPassword: `Permanent=true` → CONFIRMED (also confirms an UNCONFIRMED user and ends a
 * RESET_REQUIRED one); otherwise a temporary password → FORCE_CHANGE_PASSWORD with a fresh
 * validity period. Sign-in failure counters restart.
 */
export async function setUserPassword(ctx: RequestContext, pool: PoolRecord, input: AdminSetUserPasswordRequest): Promise<void> {
  const { store, now, masterKey } = ctx.deps;
  const user = await requireUser(store, pool, input.Username);
  checkPasswordPolicy(input.Password, passwordPolicyOf(pool), { member: 'password' });
  const t = now();
  setPassword(user, pool, input.Password, masterKey);
  if (input.Permanent === true) {
    user.status = 'CONFIRMED';
    user.tempPasswordExpiresAt = null;
  } else {
    user.status = 'FORCE_CHANGE_PASSWORD';
    user.tempPasswordExpiresAt = temporaryPasswordExpiry(pool, t);
  }
  user.failedAttempts = 0;
  user.lockedUntil = 0;
  user.updatedAt = t;
  await store.transaction(async (tx) => {
    await tx.users.updateUser(user);
    await tx.auth.deleteCode(pool.id, user.sub, CodePurpose.FORGOT_PASSWORD);
  });
}
