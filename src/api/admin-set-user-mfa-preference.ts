import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { setMfaPreference } from '../domain/mfa/user-mfa.ts';
import { requireUser } from '../domain/users/resolve.ts';

/** AdminSetUserMFAPreference: SetUserMFAPreference for a user named by Username, sub or alias. */
export const adminSetUserMFAPreference: Handler<'AdminSetUserMFAPreference'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const user = await requireUser(ctx.deps.store, pool, input.Username);
  await setMfaPreference(ctx.deps, user, input);
  return {};
};
