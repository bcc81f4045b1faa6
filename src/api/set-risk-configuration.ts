import type { Handler } from './context.ts';
import { requireClient, requirePool } from './lookups.ts';
import { RISK_SETTING, requireThreatProtection, riskSettingsFrom, toRiskConfigurationType } from '../domain/pool-settings/risk-configuration.ts';

/**
 * Stores the threat-protection settings of the pool or of one app client (replacing what was
 * there). Only UserPoolId ⇒ the pool's settings return to the defaults; UserPoolId and ClientId
 * only ⇒ the client inherits the pool's again. Stored and returned, not evaluated: this server
 * does no risk scoring.
 */
export const setRiskConfiguration: Handler<'SetRiskConfiguration'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const { store } = ctx.deps;
  if (input.ClientId !== undefined) await requireClient(ctx, pool.id, input.ClientId);
  requireThreatProtection(pool);
  const settings = riskSettingsFrom(input);
  const now = ctx.deps.now();
  const clientId = input.ClientId ?? '';
  if (input.ClientId !== undefined && Object.keys(settings).length === 0) {
    await store.settings.deletePoolSetting(pool.id, RISK_SETTING, clientId);
  } else {
    await store.settings.putPoolSetting({ poolId: pool.id, kind: RISK_SETTING, clientId, value: settings as Record<string, unknown>, createdAt: now, updatedAt: now });
  }
  return { RiskConfiguration: toRiskConfigurationType(pool.id, input.ClientId, settings, now) };
};
