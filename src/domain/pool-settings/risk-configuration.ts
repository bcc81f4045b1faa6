/**
 * Threat-protection settings (SetRiskConfiguration / DescribeRiskConfiguration), per pool or per
 * app client. They are validated, stored and returned; this server does not score sign-ins, so
 * no action (block, MFA, notification) is ever taken on them.
 */
import { isIP } from 'node:net';
import type { RiskConfigurationType, SetRiskConfigurationRequest } from '../../generated/shapes.ts';
import { CognitoError } from '../errors.ts';
import type { PoolRecord } from '../../storage/ports/index.ts';
import { poolConfigOf } from '../pools/pool-config.ts';

export const RISK_SETTING = 'risk';

export type RiskSettings = Pick<SetRiskConfigurationRequest, 'CompromisedCredentialsRiskConfiguration' | 'AccountTakeoverRiskConfiguration' | 'RiskExceptionConfiguration'>;

/** SetRiskConfiguration needs threat protection switched on (UserPoolAddOns AUDIT or ENFORCED). */
export function requireThreatProtection(pool: PoolRecord): void {
  const mode = poolConfigOf(pool).UserPoolAddOns?.['AdvancedSecurityMode'];
  if (mode !== 'AUDIT' && mode !== 'ENFORCED') {
    throw new CognitoError('UserPoolAddOnNotEnabledException', `Threat protection is not enabled for user pool ${pool.id}: set UserPoolAddOns AdvancedSecurityMode to AUDIT or ENFORCED first.`);
  }
}

function checkCidr(range: string, member: string): void {
  const slash = range.indexOf('/');
  const address = slash < 0 ? range : range.slice(0, slash);
  const version = isIP(address);
  const prefix = slash < 0 ? undefined : range.slice(slash + 1);
  const max = version === 4 ? 32 : 128;
  if (version === 0 || prefix === undefined || !/^\d{1,3}$/.test(prefix) || Number(prefix) > max) {
    throw new CognitoError('InvalidParameterException', `${member} contains ${range}, which is not an IP address range in CIDR notation (e.g. 192.0.2.0/24).`);
  }
}

/** The settings to store, checked; members left out are absent (AWS's defaults apply). */
export function riskSettingsFrom(input: RiskSettings): RiskSettings {
  const out: RiskSettings = {};
  const cc = input.CompromisedCredentialsRiskConfiguration;
  if (cc !== undefined) {
    out.CompromisedCredentialsRiskConfiguration = { ...(cc.EventFilter !== undefined ? { EventFilter: [...new Set(cc.EventFilter)] } : {}), Actions: cc.Actions };
  }
  const ato = input.AccountTakeoverRiskConfiguration;
  if (ato !== undefined) {
    const actions = [ato.Actions.LowAction, ato.Actions.MediumAction, ato.Actions.HighAction];
    if (actions.every((a) => a === undefined)) throw new CognitoError('InvalidParameterException', 'AccountTakeoverRiskConfiguration.Actions needs at least one of LowAction, MediumAction and HighAction.');
    if (actions.some((a) => a?.Notify === true) && ato.NotifyConfiguration === undefined) {
      throw new CognitoError('InvalidParameterException', 'AccountTakeoverRiskConfiguration.NotifyConfiguration is required when an action has Notify set to true.');
    }
    const from = ato.NotifyConfiguration?.From;
    if (from !== undefined && !/@/.test(from)) throw new CognitoError('InvalidParameterException', `NotifyConfiguration.From ${from} is not an email address.`);
    out.AccountTakeoverRiskConfiguration = ato;
  }
  const ex = input.RiskExceptionConfiguration;
  if (ex !== undefined) {
    for (const r of ex.BlockedIPRangeList ?? []) checkCidr(r, 'BlockedIPRangeList');
    for (const r of ex.SkippedIPRangeList ?? []) checkCidr(r, 'SkippedIPRangeList');
    out.RiskExceptionConfiguration = ex;
  }
  return out;
}

export function toRiskConfigurationType(poolId: string, clientId: string | undefined, settings: RiskSettings, updatedAt: number | undefined): RiskConfigurationType {
  const out: RiskConfigurationType = { UserPoolId: poolId };
  if (clientId !== undefined) out.ClientId = clientId;
  if (settings.CompromisedCredentialsRiskConfiguration !== undefined) out.CompromisedCredentialsRiskConfiguration = settings.CompromisedCredentialsRiskConfiguration;
  if (settings.AccountTakeoverRiskConfiguration !== undefined) out.AccountTakeoverRiskConfiguration = settings.AccountTakeoverRiskConfiguration;
  if (settings.RiskExceptionConfiguration !== undefined) out.RiskExceptionConfiguration = settings.RiskExceptionConfiguration;
  if (updatedAt !== undefined) out.LastModifiedDate = updatedAt / 1000;
  return out;
}
