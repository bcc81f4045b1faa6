import type { Handler } from './context.ts';
import { setOwnLegacyMfaOptions } from '../domain/mfa/mfa-settings.ts';

export const setUserSettings: Handler<'SetUserSettings'> = async (input, ctx) => {
  await setOwnLegacyMfaOptions(ctx.deps, input.AccessToken, input.MFAOptions);
  return {};
};
