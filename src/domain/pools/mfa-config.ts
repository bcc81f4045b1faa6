import type { RequestContext } from '../context.ts';
import type { GetUserPoolMfaConfigResponse, SetUserPoolMfaConfigRequest } from '../../generated/shapes.ts';
import { applyMfaConfig, mfaConfigOf } from '../mfa/pool-mfa.ts';
import { modifyPool } from './modify-pool.ts';
import { poolConfigOf } from './pool-config.ts';
import { requirePool } from './require-pool.ts';

/**
 * SetUserPoolMfaConfig: replaces the pool's MFA factors (a factor left out is switched off) and,
 * when given, its MfaConfiguration; answers the configuration now in force.
 */
export async function setPoolMfaConfig(ctx: RequestContext, poolId: string, settings: Omit<SetUserPoolMfaConfigRequest, 'UserPoolId'>): Promise<GetUserPoolMfaConfigResponse> {
  return mfaConfigOf(await modifyPool(ctx, poolId, (pool) => ({ config: applyMfaConfig(poolConfigOf(pool), settings) })));
}

/** GetUserPoolMfaConfig: MfaConfiguration and the factor blocks the pool has. */
export async function poolMfaConfig(ctx: RequestContext, poolId: string): Promise<GetUserPoolMfaConfigResponse> {
  return mfaConfigOf(await requirePool(ctx.deps.store, poolId));
}
