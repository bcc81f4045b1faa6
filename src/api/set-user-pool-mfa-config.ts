import type { Handler } from './context.ts';
import { setPoolMfaConfig } from '../domain/pools/mfa-config.ts';

export const setUserPoolMfaConfig: Handler<'SetUserPoolMfaConfig'> = async (input, ctx) => {
  const { UserPoolId, ...settings } = input;
  return setPoolMfaConfig(ctx, UserPoolId, settings);
};
