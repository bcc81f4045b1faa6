import type { Handler } from './context.ts';
import { callerOf } from './auth-common.ts';
import { setMfaPreference } from '../domain/mfa/user-mfa.ts';

/** SetUserMFAPreference: the signed-in user switches SMS / TOTP / email MFA on or off and picks the preferred one. */
export const setUserMFAPreference: Handler<'SetUserMFAPreference'> = async (input, ctx) => {
  const { user } = await callerOf(ctx, input.AccessToken);
  await setMfaPreference(ctx.deps, user, input);
  return {};
};
