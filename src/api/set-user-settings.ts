import type { Handler } from './context.ts';
import { callerOf } from './auth-common.ts';
import { legacyMfaOptions } from '../domain/mfa/user-mfa.ts';

/**
 * SetUserSettings (deprecated legacy SMS MFA, access token): `[{DeliveryMedium: "SMS",
 * AttributeName: "phone_number"}]` turns SMS MFA on, `[]` off — the same setting as
 * SetUserMFAPreference's SMSMfaSettings.Enabled.
 */
export const setUserSettings: Handler<'SetUserSettings'> = async (input, ctx) => {
  const { user } = await callerOf(ctx, input.AccessToken);
  const options = legacyMfaOptions(input.MFAOptions);
  await ctx.deps.store.users.setUserMfaOptions(user.poolId, user.sub, options, ctx.deps.now());
  return {};
};
