import type { Handler } from './context.ts';
import { requireClient, requirePool } from './lookups.ts';
import { RISK_SETTING, toRiskConfigurationType, type RiskSettings } from '../domain/pool-settings/risk-configuration.ts';

/** The app client's own risk configuration, else the pool's (which then carries no ClientId); nothing set ⇒ just the UserPoolId. */
export const describeRiskConfiguration: Handler<'DescribeRiskConfiguration'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const { store } = ctx.deps;
  if (input.ClientId !== undefined) {
    await requireClient(ctx, pool.id, input.ClientId);
    const own = await store.settings.findPoolSetting(pool.id, RISK_SETTING, input.ClientId);
    if (own) return { RiskConfiguration: toRiskConfigurationType(pool.id, input.ClientId, own.value as RiskSettings, own.updatedAt) };
  }
  const pooled = await store.settings.findPoolSetting(pool.id, RISK_SETTING, '');
  return { RiskConfiguration: toRiskConfigurationType(pool.id, undefined, (pooled?.value ?? {}) as RiskSettings, pooled?.updatedAt) };
};
