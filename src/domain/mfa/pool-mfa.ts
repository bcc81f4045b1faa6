/**
 * A pool's MFA configuration (SetUserPoolMfaConfig / GetUserPoolMfaConfig, and the
 * MfaConfiguration of Create/UpdateUserPool).
 *
 * Stored in the pool config: `MfaConfiguration` (OFF | ON | OPTIONAL) and, once
 * SetUserPoolMfaConfig ran, `MfaSettings` with the factor blocks as given. SetUserPoolMfaConfig
 * replaces the factors: a factor block left out switches that factor off, as on AWS. Before
 * SetUserPoolMfaConfig ran, a pool created with MFA ON/OPTIONAL and an SmsConfiguration
 * (CreateUserPool's only way to enable MFA) has SMS MFA.
 */
import type { GetUserPoolMfaConfigResponse, SetUserPoolMfaConfigRequest } from '../../generated/shapes.ts';
import { CognitoError } from '../errors.ts';
import type { MfaFactor, PoolRecord } from '../../storage/ports/index.ts';
import { poolConfigOf, type PoolConfig } from '../pools/pool-config.ts';

export const MFA_FACTORS: readonly MfaFactor[] = ['SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'EMAIL_OTP'];

export type MfaMode = PoolConfig['MfaConfiguration'];

interface MfaSettings {
  SmsMfaConfiguration?: Record<string, unknown>;
  SoftwareTokenMfaConfiguration?: { Enabled?: boolean };
  EmailMfaConfiguration?: { Message?: string; Subject?: string };
  WebAuthnConfiguration?: Record<string, unknown>;
}

const settingsOf = (config: PoolConfig): MfaSettings | undefined => config.MfaSettings as MfaSettings | undefined;

export const poolMfaMode = (pool: PoolRecord): MfaMode => poolConfigOf(pool).MfaConfiguration ?? 'OFF';

/** The factors the pool offers (whatever its mode). */
export function poolFactors(pool: PoolRecord): Set<MfaFactor> {
  const config = poolConfigOf(pool);
  const settings = settingsOf(config);
  const out = new Set<MfaFactor>();
  if (settings === undefined) {
    if (config.SmsConfiguration !== undefined && config.MfaConfiguration !== 'OFF') out.add('SMS_MFA');
    return out;
  }
  if (settings.SmsMfaConfiguration !== undefined) out.add('SMS_MFA');
  if (settings.SoftwareTokenMfaConfiguration?.Enabled === true) out.add('SOFTWARE_TOKEN_MFA');
  if (settings.EmailMfaConfiguration !== undefined) out.add('EMAIL_OTP');
  return out;
}

/** GetUserPoolMfaConfig's answer. */
export function mfaConfigOf(pool: PoolRecord): GetUserPoolMfaConfigResponse {
  const config = poolConfigOf(pool);
  const settings = settingsOf(config);
  const factors = poolFactors(pool);
  const out: GetUserPoolMfaConfigResponse = {};
  if (factors.has('SMS_MFA')) {
    const sms: Record<string, unknown> = {};
    if (config.SmsAuthenticationMessage !== undefined) sms['SmsAuthenticationMessage'] = config.SmsAuthenticationMessage;
    if (config.SmsConfiguration !== undefined) sms['SmsConfiguration'] = config.SmsConfiguration;
    out.SmsMfaConfiguration = sms;
  }
  if (settings?.SoftwareTokenMfaConfiguration !== undefined) out.SoftwareTokenMfaConfiguration = { Enabled: settings.SoftwareTokenMfaConfiguration.Enabled === true };
  if (settings?.EmailMfaConfiguration !== undefined) out.EmailMfaConfiguration = settings.EmailMfaConfiguration;
  out.MfaConfiguration = config.MfaConfiguration ?? 'OFF';
  if (settings?.WebAuthnConfiguration !== undefined) out.WebAuthnConfiguration = settings.WebAuthnConfiguration;
  return out;
}

/** The pool config after SetUserPoolMfaConfig, or AWS's error for an impossible combination. */
export function applyMfaConfig(config: PoolConfig, input: Omit<SetUserPoolMfaConfigRequest, 'UserPoolId'>): PoolConfig {
  const mode = input.MfaConfiguration ?? config.MfaConfiguration ?? 'OFF';
  const sms = input.SmsMfaConfiguration;
  const totp = input.SoftwareTokenMfaConfiguration;
  const email = input.EmailMfaConfiguration;
  const anyFactor = sms !== undefined || totp?.Enabled === true || email !== undefined;
  if (mode === 'OFF' && anyFactor) throw new CognitoError('InvalidParameterException', "Invalid MFA configuration given, can't turn off MFA and configure an MFA together.");
  if (mode !== 'OFF' && !anyFactor) throw new CognitoError('InvalidParameterException', "Invalid MFA configuration given, can't disable all MFAs with a required or optional configuration.");

  const next: PoolConfig = { ...config, MfaConfiguration: mode };
  const settings: MfaSettings = {};
  if (sms !== undefined) {
    const smsConfiguration = sms.SmsConfiguration ?? config.SmsConfiguration;
    if (smsConfiguration === undefined) {
      throw new CognitoError('InvalidParameterException', 'SMS MFA requires an SmsConfiguration (SnsCallerArn): give SmsMfaConfiguration.SmsConfiguration or set the user pool\'s SmsConfiguration.');
    }
    next.SmsConfiguration = smsConfiguration as Record<string, unknown>;
    if (sms.SmsAuthenticationMessage !== undefined) next.SmsAuthenticationMessage = sms.SmsAuthenticationMessage;
    settings.SmsMfaConfiguration = { ...(sms.SmsAuthenticationMessage !== undefined ? { SmsAuthenticationMessage: sms.SmsAuthenticationMessage } : {}) };
  }
  if (totp !== undefined) settings.SoftwareTokenMfaConfiguration = { Enabled: totp.Enabled === true };
  if (email !== undefined) {
    if (config.UserPoolTier === 'LITE') {
      throw new CognitoError('FeatureUnavailableInTierException', 'Email MFA is not available in the LITE tier; the user pool must be on the ESSENTIALS or PLUS tier.');
    }
    if (config.EmailConfiguration['EmailSendingAccount'] !== 'DEVELOPER') {
      throw new CognitoError('InvalidParameterException', 'Email MFA requires the user pool to send email with Amazon SES: set EmailConfiguration.EmailSendingAccount to DEVELOPER.');
    }
    settings.EmailMfaConfiguration = { ...email };
  }
  const webAuthn = input.WebAuthnConfiguration ?? settingsOf(config)?.WebAuthnConfiguration;
  if (webAuthn !== undefined) settings.WebAuthnConfiguration = { UserVerification: 'preferred', ...webAuthn };
  next.MfaSettings = settings as Record<string, unknown>;
  return next;
}
