import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { setLegacyMfaOptionsAsAdmin } from '../domain/mfa/mfa-settings.ts';

export const adminSetUserSettings: Handler<'AdminSetUserSettings'> = async (input, ctx) => {
  await setLegacyMfaOptionsAsAdmin(ctx.deps, await requirePool(ctx, input.UserPoolId), input.Username, input.MFAOptions);
  return {};
};
