import type { RequestContext } from '../context.ts';
import { requireClient } from '../clients/require-client.ts';
import { requirePool } from '../pools/require-pool.ts';
import { RISK_SETTING, toRiskConfigurationType, type RiskSettings } from './risk-configuration.ts';
import type { RiskConfigurationType } from '../../generated/shapes.ts';

/** DescribeRiskConfiguration: the app client's own settings, else the pool's (which then carry no ClientId); nothing set ⇒ just the UserPoolId. */
export async function riskConfigurationOf(ctx: RequestContext, poolId: string, clientId: string | undefined): Promise<RiskConfigurationType> {
  const { store } = ctx.deps;
  const pool = await requirePool(store, poolId);
  if (clientId !== undefined) {
    await requireClient(store, pool.id, clientId);
    const own = await store.settings.findPoolSetting(pool.id, RISK_SETTING, clientId);
    if (own) return toRiskConfigurationType(pool.id, clientId, own.value as RiskSettings, own.updatedAt);
  }
  const pooled = await store.settings.findPoolSetting(pool.id, RISK_SETTING, '');
  return toRiskConfigurationType(pool.id, undefined, (pooled?.value ?? {}) as RiskSettings, pooled?.updatedAt);
}
