import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { invalidParameter, notAuthorized } from '../protocol/errors.ts';
import { poolConfigOf } from '../domain/pools/pool-config.ts';
import { requireUser } from '../domain/users/resolve.ts';
import { CODE_TTL_MS, CodePurpose, issueCode } from '../domain/messaging/codes.ts';
import { deliverMessage, type Channel } from '../domain/messaging/deliver.ts';
import type { PoolRecord, UserRecord } from '../storage/ports.ts';

/**
 * Where a reset code goes: the first mechanism of `AccountRecoverySetting` (by priority) the user
 * has a verified contact for; `null` for `admin_only` recovery (no message); undefined when the
 * user has no verified email / phone number.
 */
export function recoveryChannel(pool: PoolRecord, user: UserRecord): Channel | null | undefined {
  const setting = poolConfigOf(pool).AccountRecoverySetting as { RecoveryMechanisms?: Array<{ Priority?: number; Name?: string }> } | undefined;
  const mechanisms = [...(setting?.RecoveryMechanisms ?? [{ Priority: 1, Name: 'verified_phone_number' }, { Priority: 2, Name: 'verified_email' }])].sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0));
  for (const m of mechanisms) {
    if (m.Name === 'admin_only') return null;
    if (m.Name === 'verified_email' && user.attributes['email'] && user.attributes['email_verified'] === 'true') return 'EMAIL';
    if (m.Name === 'verified_phone_number' && user.attributes['phone_number'] && user.attributes['phone_number_verified'] === 'true') return 'SMS';
  }
  return undefined;
}

/**
 * AdminResetUserPassword: a CONFIRMED user becomes RESET_REQUIRED and gets a password-reset code
 * (for ConfirmForgotPassword) at its verified email / phone number. Already RESET_REQUIRED: no-op.
 * Other states: `NotAuthorizedException: User password cannot be reset in the current state.`
 */
export const adminResetUserPassword: Handler<'AdminResetUserPassword'> = async (input, ctx) => {
  const { store, now } = ctx.deps;
  const pool = await requirePool(ctx, input.UserPoolId);
  const user = await requireUser(store, pool, input.Username);
  if (user.status === 'RESET_REQUIRED') return {};
  if (user.status !== 'CONFIRMED') throw notAuthorized('User password cannot be reset in the current state.');
  const channel = recoveryChannel(pool, user);
  if (channel === undefined) throw invalidParameter('Cannot reset password for the user as there is no registered/verified email or phone_number');
  user.status = 'RESET_REQUIRED';
  user.updatedAt = now();
  await store.updateUser(user);
  if (channel !== null) {
    const code = await issueCode(store, user, CodePurpose.FORGOT_PASSWORD, CODE_TTL_MS.FORGOT_PASSWORD, ctx.deps);
    await deliverMessage(ctx.deps, pool, user, { kind: 'ADMIN_RESET', channel, code, log: ctx.log });
  }
  return {};
};
