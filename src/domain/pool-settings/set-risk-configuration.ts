import type { RequestContext } from '../context.ts';
import { requireClient } from '../clients/require-client.ts';
import { requirePool } from '../pools/require-pool.ts';
import { RISK_SETTING, requireThreatProtection, riskSettingsFrom, toRiskConfigurationType } from './risk-configuration.ts';
import type { RiskConfigurationType, SetRiskConfigurationRequest } from '../../generated/shapes.ts';

/**
 * SetRiskConfiguration: the threat-protection settings of the pool or of one app client
 * (replacing what was there). Only UserPoolId ⇒ the pool's settings return to the defaults;
 * UserPoolId and ClientId only ⇒ the client inherits the pool's again. Stored and returned, not
 * evaluated: this server does no risk scoring.
 */
export async function setRiskConfiguration(ctx: RequestContext, input: SetRiskConfigurationRequest): Promise<RiskConfigurationType> {
  const { store } = ctx.deps;
  const pool = await requirePool(store, input.UserPoolId);
  if (input.ClientId !== undefined) await requireClient(store, pool.id, input.ClientId);
  requireThreatProtection(pool);
  const settings = riskSettingsFrom(input);
  const now = ctx.deps.now();
  const clientId = input.ClientId ?? '';
  if (input.ClientId !== undefined && Object.keys(settings).length === 0) {
    await store.settings.deletePoolSetting(pool.id, RISK_SETTING, clientId);
  } else {
    await store.settings.putPoolSetting({ poolId: pool.id, kind: RISK_SETTING, clientId, value: settings as Record<string, unknown>, createdAt: now, updatedAt: now });
  }
  return toRiskConfigurationType(pool.id, input.ClientId, settings, now);
}
