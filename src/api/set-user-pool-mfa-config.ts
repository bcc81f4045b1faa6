import type { Handler } from './context.ts';
import { modifyPool } from './pools-common.ts';
import { applyMfaConfig, mfaConfigOf } from '../domain/mfa/pool-mfa.ts';
import { poolConfigOf } from '../domain/pools/pool-config.ts';

/**
 * SetUserPoolMfaConfig: replaces the pool's MFA factors (a factor left out is switched off) and,
 * when given, its MfaConfiguration; answers the configuration now in force.
 */
export const setUserPoolMfaConfig: Handler<'SetUserPoolMfaConfig'> = async (input, ctx) => {
  const { UserPoolId, ...settings } = input;
  const pool = await modifyPool(ctx, UserPoolId, (p) => ({ name: p.name, config: applyMfaConfig(poolConfigOf(p), settings) as unknown as Record<string, unknown> }));
  return mfaConfigOf(pool);
};
