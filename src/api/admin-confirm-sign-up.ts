import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { CognitoError } from '../domain/errors.ts';
import { requireUser } from '../domain/users/resolve.ts';
import { CodePurpose } from '../domain/messaging/codes.ts';

/** AdminConfirmSignUp: UNCONFIRMED → CONFIRMED (no attribute gets verified); the pending sign-up code is dropped. */
export const adminConfirmSignUp: Handler<'AdminConfirmSignUp'> = async (input, ctx) => {
  const { store, now } = ctx.deps;
  const pool = await requirePool(ctx, input.UserPoolId);
  const user = await requireUser(store, pool, input.Username);
  if (user.status !== 'UNCONFIRMED') throw new CognitoError('NotAuthorizedException', `User cannot be confirmed. Current status is ${user.status}`);
  user.status = 'CONFIRMED';
  user.updatedAt = now();
  await store.transaction(async (tx) => {
    await tx.users.updateUser(user);
    await tx.auth.deleteCode(pool.id, user.sub, CodePurpose.SIGN_UP);
  });
  return {};
};
