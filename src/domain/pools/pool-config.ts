import { randomInt } from 'node:crypto';
import { CognitoError } from '../errors.ts';
import { buildSchema, type SchemaAttribute } from './schema.ts';
import type { PoolRecord } from '../../storage/ports/index.ts';
import { DEFAULT_PASSWORD_POLICY } from '../passwords/policy.ts';

/** The settings of a pool as stored: AWS UserPoolType members, defaults filled. */
export interface PoolConfig {
  Policies: { PasswordPolicy: Record<string, unknown>; SignInPolicy?: Record<string, unknown> };
  DeletionProtection: 'ACTIVE' | 'INACTIVE';
  LambdaConfig: Record<string, unknown>;
  SchemaAttributes: SchemaAttribute[];
  AutoVerifiedAttributes?: string[];
  AliasAttributes?: string[];
  UsernameAttributes?: string[];
  SmsVerificationMessage?: string;
  EmailVerificationMessage?: string;
  EmailVerificationSubject?: string;
  VerificationMessageTemplate: Record<string, unknown>;
  SmsAuthenticationMessage?: string;
  UserAttributeUpdateSettings?: Record<string, unknown>;
  MfaConfiguration: 'OFF' | 'ON' | 'OPTIONAL';
  DeviceConfiguration?: Record<string, unknown>;
  EmailConfiguration: Record<string, unknown>;
  SmsConfiguration?: Record<string, unknown>;
  UserPoolTags: Record<string, string>;
  AdminCreateUserConfig: Record<string, unknown>;
  UserPoolAddOns?: Record<string, unknown>;
  UsernameConfiguration: { CaseSensitive: boolean };
  AccountRecoverySetting?: Record<string, unknown>;
  UserPoolTier: string;
  Domain?: string;
  CustomDomain?: string;
  /** Pool-level MFA settings from SetUserPoolMfaConfig (SoftwareTokenMfaConfiguration, EmailMfaConfiguration, …). */
  MfaSettings?: Record<string, unknown>;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function newPoolId(region: string): string {
  let s = '';
  for (let i = 0; i < 9; i++) s += ALNUM[randomInt(ALNUM.length)];
  return `${region}_${s}`;
}

/** The region a pool id names (`us-east-1_AbC` → `us-east-1`). */
export const regionOfPool = (poolId: string): string => poolId.slice(0, poolId.indexOf('_'));
/** SRP's "pool name": the part after the first underscore. */
export const srpPoolName = (poolId: string): string => poolId.slice(poolId.indexOf('_') + 1);
export const poolArn = (poolId: string, accountId: string): string => `arn:aws:cognito-idp:${regionOfPool(poolId)}:${accountId}:userpool/${poolId}`;

const DEFAULT_EMAIL_MESSAGE = 'Your verification code is {####}. ';
const DEFAULT_SUBJECT = 'Your verification code';
const DEFAULT_SMS = 'Your verification code is {####}. ';

/** The mutable members that UpdateUserPool replaces (omitted ⇒ default, as AWS does). */
export interface MutableSettingsInput {
  Policies?: { PasswordPolicy?: Record<string, unknown>; SignInPolicy?: Record<string, unknown> };
  DeletionProtection?: string;
  LambdaConfig?: Record<string, unknown>;
  AutoVerifiedAttributes?: string[];
  SmsVerificationMessage?: string;
  EmailVerificationMessage?: string;
  EmailVerificationSubject?: string;
  VerificationMessageTemplate?: Record<string, unknown>;
  SmsAuthenticationMessage?: string;
  UserAttributeUpdateSettings?: Record<string, unknown>;
  MfaConfiguration?: string;
  DeviceConfiguration?: Record<string, unknown>;
  EmailConfiguration?: Record<string, unknown>;
  SmsConfiguration?: Record<string, unknown>;
  UserPoolTags?: Record<string, string>;
  AdminCreateUserConfig?: Record<string, unknown>;
  UserPoolAddOns?: Record<string, unknown>;
  AccountRecoverySetting?: Record<string, unknown>;
  UserPoolTier?: string;
}

export interface CreateSettingsInput extends MutableSettingsInput {
  AliasAttributes?: string[];
  UsernameAttributes?: string[];
  Schema?: Array<Record<string, unknown>>;
  UsernameConfiguration?: { CaseSensitive?: boolean };
}

function placeholderCheck(template: string | undefined, what: string, placeholder = '{####}'): void {
  if (template !== undefined && !template.includes(placeholder)) {
    throw new CognitoError('InvalidParameterException', `${what} must contain the ${placeholder} placeholder.`);
  }
}

type MutableSettings = Omit<PoolConfig, 'SchemaAttributes' | 'UsernameConfiguration' | 'AliasAttributes' | 'UsernameAttributes'>;

/** PasswordPolicy with every member filled (omitted members take AWS's defaults; 0 days ⇒ 7). */
function passwordPolicyOf(given: Record<string, unknown> | undefined): Record<string, unknown> {
  const pw: Record<string, unknown> = { ...DEFAULT_PASSWORD_POLICY, ...(given ?? {}) };
  if (pw['TemporaryPasswordValidityDays'] === 0) pw['TemporaryPasswordValidityDays'] = 7;
  return pw;
}

function mutableSettings(input: MutableSettingsInput, policies: PoolConfig['Policies']): MutableSettings {
  const pw = policies.PasswordPolicy;
  const mfa = (input.MfaConfiguration ?? 'OFF') as PoolConfig['MfaConfiguration'];
  placeholderCheck(input.SmsVerificationMessage, 'SmsVerificationMessage');
  placeholderCheck(input.EmailVerificationMessage, 'EmailVerificationMessage');
  placeholderCheck(input.SmsAuthenticationMessage, 'SmsAuthenticationMessage');
  const vmt = input.VerificationMessageTemplate ?? {};
  const emailMessage = (vmt['EmailMessage'] as string | undefined) ?? input.EmailVerificationMessage ?? DEFAULT_EMAIL_MESSAGE;
  const emailSubject = (vmt['EmailSubject'] as string | undefined) ?? input.EmailVerificationSubject ?? DEFAULT_SUBJECT;
  const smsMessage = (vmt['SmsMessage'] as string | undefined) ?? input.SmsVerificationMessage ?? DEFAULT_SMS;
  placeholderCheck(emailMessage, 'EmailMessage');
  placeholderCheck(smsMessage, 'SmsMessage');
  const acu = input.AdminCreateUserConfig ?? {};
  const invite = (acu['InviteMessageTemplate'] as Record<string, string> | undefined) ?? undefined;
  if (invite?.['EmailMessage'] !== undefined) {
    placeholderCheck(invite['EmailMessage'], 'InviteMessageTemplate.EmailMessage', '{####}');
    placeholderCheck(invite['EmailMessage'], 'InviteMessageTemplate.EmailMessage', '{username}');
  }
  if (invite?.['SMSMessage'] !== undefined) {
    placeholderCheck(invite['SMSMessage'], 'InviteMessageTemplate.SMSMessage', '{####}');
    placeholderCheck(invite['SMSMessage'], 'InviteMessageTemplate.SMSMessage', '{username}');
  }
  const settings: MutableSettings = {
    Policies: policies,
    DeletionProtection: (input.DeletionProtection ?? 'INACTIVE') as PoolConfig['DeletionProtection'],
    LambdaConfig: input.LambdaConfig ?? {},
    VerificationMessageTemplate: {
      SmsMessage: smsMessage,
      EmailMessage: emailMessage,
      EmailSubject: emailSubject,
      DefaultEmailOption: (vmt['DefaultEmailOption'] as string | undefined) ?? 'CONFIRM_WITH_CODE',
      ...(vmt['EmailMessageByLink'] !== undefined ? { EmailMessageByLink: vmt['EmailMessageByLink'] } : {}),
      ...(vmt['EmailSubjectByLink'] !== undefined ? { EmailSubjectByLink: vmt['EmailSubjectByLink'] } : {}),
    },
    MfaConfiguration: mfa,
    EmailConfiguration: input.EmailConfiguration ?? { EmailSendingAccount: 'COGNITO_DEFAULT' },
    UserPoolTags: input.UserPoolTags ?? {},
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: (acu['AllowAdminCreateUserOnly'] as boolean | undefined) ?? false,
      UnusedAccountValidityDays: (acu['UnusedAccountValidityDays'] as number | undefined) ?? pw['TemporaryPasswordValidityDays'],
      ...(invite ? { InviteMessageTemplate: invite } : {}),
    },
    UserPoolTier: input.UserPoolTier ?? 'ESSENTIALS',
  };
  if (input.AutoVerifiedAttributes !== undefined) settings.AutoVerifiedAttributes = [...new Set(input.AutoVerifiedAttributes)];
  if (input.SmsVerificationMessage !== undefined || input.VerificationMessageTemplate?.['SmsMessage'] !== undefined) settings.SmsVerificationMessage = smsMessage;
  if (input.EmailVerificationMessage !== undefined || input.VerificationMessageTemplate?.['EmailMessage'] !== undefined) settings.EmailVerificationMessage = emailMessage;
  if (input.EmailVerificationSubject !== undefined || input.VerificationMessageTemplate?.['EmailSubject'] !== undefined) settings.EmailVerificationSubject = emailSubject;
  if (input.SmsAuthenticationMessage !== undefined) settings.SmsAuthenticationMessage = input.SmsAuthenticationMessage;
  if (input.UserAttributeUpdateSettings !== undefined) settings.UserAttributeUpdateSettings = input.UserAttributeUpdateSettings;
  if (input.DeviceConfiguration !== undefined) settings.DeviceConfiguration = input.DeviceConfiguration;
  if (input.SmsConfiguration !== undefined) settings.SmsConfiguration = input.SmsConfiguration;
  if (input.UserPoolAddOns !== undefined) settings.UserPoolAddOns = input.UserPoolAddOns;
  settings.AccountRecoverySetting = input.AccountRecoverySetting ?? {
    RecoveryMechanisms: [
      { Priority: 1, Name: 'verified_email' },
      { Priority: 2, Name: 'verified_phone_number' },
    ],
  };
  return settings;
}

/** AWS tag rules: ≤ 50 tags per pool; keys may not start with `aws:`; letters, digits, spaces and `_ . : / = + - @`. */
export const MAX_POOL_TAGS = 50;
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

/** The problem with a tag set, or undefined when it is acceptable. */
export function tagProblem(tags: Record<string, string>): string | undefined {
  const keys = Object.keys(tags);
  if (keys.length > MAX_POOL_TAGS) return `A user pool can have at most ${MAX_POOL_TAGS} tags; the request would leave it with ${keys.length}.`;
  for (const key of keys) {
    if (key.toLowerCase().startsWith('aws:')) return `Tag keys starting with "aws:" are reserved for AWS use: ${key}`;
    if (!TAG_TEXT.test(key)) return `Invalid tag key ${key}: tag keys may contain only letters, numbers, spaces and _ . : / = + - @`;
    if (!TAG_TEXT.test(tags[key] ?? '')) return `Invalid value for tag ${key}: tag values may contain only letters, numbers, spaces and _ . : / = + - @`;
  }
  return undefined;
}

/** Rules that hold between members of a pool's settings, checked after every create and update. */
function checkPoolSettings(config: PoolConfig): void {
  const autoVerified = config.AutoVerifiedAttributes ?? [];
  const mustVerify = (config.UserAttributeUpdateSettings?.['AttributesRequireVerificationBeforeUpdate'] as string[] | undefined) ?? [];
  if (mustVerify.some((a) => !autoVerified.includes(a))) {
    throw new CognitoError('InvalidParameterException', 'All attributes in AttributesRequireVerificationBeforeUpdate must exist in AutoVerifiedAttributes');
  }
  if (config.MfaConfiguration !== 'OFF') {
    // CreateUserPool can only enable SMS MFA; TOTP and email MFA come from SetUserPoolMfaConfig (MfaSettings).
    const mfa = config.MfaSettings ?? {};
    const totp = (mfa['SoftwareTokenMfaConfiguration'] as { Enabled?: boolean } | undefined)?.Enabled === true;
    const email = mfa['EmailMfaConfiguration'] !== undefined;
    // AWS accepts SMS MFA without phone_number among AutoVerifiedAttributes; only the SMS configuration is needed.
    const sms = config.SmsConfiguration !== undefined || mfa['SmsMfaConfiguration'] !== undefined;
    if (!totp && !email && !sms) {
      throw new CognitoError('InvalidParameterException', 'SMS configuration and Auto verification for phone_number are required when MFA is required/optional');
    }
  }
  const problem = tagProblem(config.UserPoolTags);
  if (problem !== undefined) throw new CognitoError('UserPoolTaggingException', problem);
}

/** Settings of a new pool from a CreateUserPool request. */
export function createPoolConfig(input: CreateSettingsInput): PoolConfig {
  if (input.AliasAttributes?.length && input.UsernameAttributes?.length) {
    throw new CognitoError('InvalidParameterException', 'Both AliasAttributes and UsernameAttributes cannot be set at the same time.');
  }
  const policies: PoolConfig['Policies'] = {
    PasswordPolicy: passwordPolicyOf(input.Policies?.PasswordPolicy),
    SignInPolicy: input.Policies?.SignInPolicy ?? { AllowedFirstAuthFactors: ['PASSWORD'] },
  };
  const config: PoolConfig = {
    ...mutableSettings(input, policies),
    SchemaAttributes: buildSchema(input.Schema as never),
    UsernameConfiguration: { CaseSensitive: input.UsernameConfiguration?.CaseSensitive ?? false },
  };
  if (input.AliasAttributes !== undefined) config.AliasAttributes = [...new Set(input.AliasAttributes)];
  if (input.UsernameAttributes !== undefined) config.UsernameAttributes = [...new Set(input.UsernameAttributes)];
  checkPoolSettings(config);
  return config;
}

/**
 * UpdateUserPool. AWS documents that omitted members revert to their defaults, and most do
 * (AutoVerifiedAttributes, LambdaConfig, message templates, email/SMS/device configuration,
 * AdminCreateUserConfig, add-ons, account recovery). Measured exceptions, kept when omitted:
 * `Policies` (each of PasswordPolicy / SignInPolicy separately), `MfaConfiguration`,
 * `UserAttributeUpdateSettings`. Also kept: `DeletionProtection` (an update that omits it must
 * not silently unprotect a pool), `UserPoolTags` (managed by TagResource too) and `UserPoolTier`.
 * Schema, sign-in identifiers, case sensitivity, domains and SetUserPoolMfaConfig's settings
 * are not updatable here.
 */
export function updatePoolConfig(existing: PoolConfig, input: MutableSettingsInput): PoolConfig {
  const policies: PoolConfig['Policies'] = {
    PasswordPolicy: input.Policies?.PasswordPolicy !== undefined ? passwordPolicyOf(input.Policies.PasswordPolicy) : existing.Policies.PasswordPolicy,
  };
  const signIn = input.Policies?.SignInPolicy ?? existing.Policies.SignInPolicy;
  if (signIn !== undefined) policies.SignInPolicy = signIn;
  const next: PoolConfig = {
    ...mutableSettings(input, policies),
    SchemaAttributes: existing.SchemaAttributes,
    UsernameConfiguration: existing.UsernameConfiguration,
  };
  if (input.MfaConfiguration === undefined) next.MfaConfiguration = existing.MfaConfiguration;
  if (input.DeletionProtection === undefined) next.DeletionProtection = existing.DeletionProtection;
  if (input.UserPoolTags === undefined) next.UserPoolTags = existing.UserPoolTags;
  if (input.UserPoolTier === undefined) next.UserPoolTier = existing.UserPoolTier;
  if (input.UserAttributeUpdateSettings === undefined && existing.UserAttributeUpdateSettings !== undefined) {
    next.UserAttributeUpdateSettings = existing.UserAttributeUpdateSettings;
  }
  if (existing.AliasAttributes !== undefined) next.AliasAttributes = existing.AliasAttributes;
  if (existing.UsernameAttributes !== undefined) next.UsernameAttributes = existing.UsernameAttributes;
  if (existing.Domain !== undefined) next.Domain = existing.Domain;
  if (existing.CustomDomain !== undefined) next.CustomDomain = existing.CustomDomain;
  if (existing.MfaSettings !== undefined) next.MfaSettings = existing.MfaSettings;
  checkPoolSettings(next);
  return next;
}

export const poolConfigOf = (pool: PoolRecord): PoolConfig => pool.config as unknown as PoolConfig;

/** DescribeUserPool's UserPoolType. */
export function toUserPoolType(pool: PoolRecord, accountId: string, estimatedUsers: number): Record<string, unknown> {
  const { MfaSettings: _mfa, ...config } = poolConfigOf(pool);
  return {
    Id: pool.id,
    Name: pool.name,
    ...config,
    LastModifiedDate: pool.updatedAt / 1000,
    CreationDate: pool.createdAt / 1000,
    EstimatedNumberOfUsers: estimatedUsers,
    Arn: poolArn(pool.id, accountId),
  };
}
