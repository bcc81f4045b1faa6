import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { CognitoError } from '../domain/errors.ts';
import { poolConfigOf } from '../domain/pools/pool-config.ts';
import { requireUser } from '../domain/users/resolve.ts';
import { CODE_TTL_MS, CodePurpose, issueCode } from '../domain/messaging/codes.ts';
import { deliverMessage } from '../domain/messaging/deliver.ts';
import { recoveryChannelOf } from '../domain/auth/account.ts';

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
  if (user.status !== 'CONFIRMED') throw new CognitoError('NotAuthorizedException', 'User password cannot be reset in the current state.');
  const channel = recoveryChannelOf(pool, user);
  if (channel === undefined) throw new CognitoError('InvalidParameterException', 'Cannot reset password for the user as there is no registered/verified email or phone_number');
  // The code is issued first: a throttled request (LimitExceededException) leaves the user as it was.
  const code = channel === null ? undefined : await issueCode(store, user, CodePurpose.FORGOT_PASSWORD, CODE_TTL_MS.FORGOT_PASSWORD, ctx.deps);
  user.status = 'RESET_REQUIRED';
  user.updatedAt = now();
  await store.users.updateUser(user);
  if (channel !== null && code !== undefined) await deliverMessage(ctx.deps, pool, user, { kind: 'ADMIN_RESET', channel, code, log: ctx.log });
  return {};
};
