import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { checkPasswordPolicy } from '../domain/passwords/policy.ts';
import { passwordPolicyOf, temporaryPasswordExpiry } from '../domain/users/new-user.ts';
import { setPassword } from '../domain/users/password.ts';
import { requireUser } from '../domain/users/resolve.ts';
import { CodePurpose } from '../domain/messaging/codes.ts';

/**
 * AdminSetUserPassword: `Permanent=true` → CONFIRMED (also confirms an UNCONFIRMED user and ends a
 * RESET_REQUIRED one); otherwise a temporary password → FORCE_CHANGE_PASSWORD with a fresh
 * validity period. Sign-in failure counters restart.
 */
export const adminSetUserPassword: Handler<'AdminSetUserPassword'> = async (input, ctx) => {
  const { store, now, masterKey } = ctx.deps;
  const pool = await requirePool(ctx, input.UserPoolId);
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
  return {};
};
