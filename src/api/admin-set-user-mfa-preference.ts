import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { setMfaPreferenceAsAdmin } from '../domain/mfa/mfa-settings.ts';

export const adminSetUserMFAPreference: Handler<'AdminSetUserMFAPreference'> = async (input, ctx) => {
  await setMfaPreferenceAsAdmin(ctx.deps, await requirePool(ctx, input.UserPoolId), input);
  return {};
};
