import type { Handler } from './context.ts';
import { setOwnMfaPreference } from '../domain/mfa/mfa-settings.ts';

export const setUserMFAPreference: Handler<'SetUserMFAPreference'> = async (input, ctx) => {
  await setOwnMfaPreference(ctx.deps, input);
  return {};
};
