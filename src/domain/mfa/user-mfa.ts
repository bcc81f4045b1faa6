/**
 * A user's MFA settings: which factors are on, which one is preferred, the TOTP authenticator.
 *
 * SMS MFA is recorded where the legacy API keeps it, in the user's `MFAOptions`
 * (`[{DeliveryMedium: SMS, AttributeName: phone_number}]`), so SetUserSettings and
 * SetUserMFAPreference are two views of one setting, as on AWS. TOTP and email MFA, the
 * preference and the authenticator live in `user_mfa`.
 */
import type { Deps } from '../context.ts';
import type { EmailMfaSettingsType, MFAOptionType, SMSMfaSettingsType, SoftwareTokenMfaSettingsType, WebAuthnMfaSettingsType } from '../../generated/shapes.ts';
import { CognitoError } from '../errors.ts';
import type { MfaFactor, PoolRecord, UserMfaRecord, UserRecord } from '../../storage/ports/index.ts';
import type { Store } from '../../storage/ports/index.ts';
import { poolFactors } from './pool-mfa.ts';
import { matchTotpStep, newTotpSecret, openTotpSecret, sealTotpSecret } from './totp.ts';

export const SMS_MFA_OPTIONS: MFAOptionType[] = [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }];

export interface UserMfaView {
  record: UserMfaRecord | undefined;
  /** The factors the user switched on (SMS via MFAOptions or SetUserMFAPreference). */
  enabled: MfaFactor[];
  /** The preferred factor, when it is switched on. */
  preferred: MfaFactor | undefined;
  /** Whether the user has a verified authenticator. */
  totpVerified: boolean;
}

const smsEnabled = (user: UserRecord): boolean => Array.isArray(user.mfaOptions) && user.mfaOptions.length > 0;

export async function loadUserMfa(store: Store, user: UserRecord): Promise<UserMfaView> {
  const record = await store.mfa.findUserMfa(user.poolId, user.sub);
  const enabled: MfaFactor[] = [];
  if (smsEnabled(user)) enabled.push('SMS_MFA');
  if (record?.totpEnabled && record.totpSecretSealed !== null) enabled.push('SOFTWARE_TOKEN_MFA');
  if (record?.emailEnabled) enabled.push('EMAIL_OTP');
  const preferred = record?.preferred !== null && record?.preferred !== undefined && enabled.includes(record.preferred) ? record.preferred : undefined;
  return { record, enabled, preferred, totpVerified: record?.totpSecretSealed !== null && record?.totpSecretSealed !== undefined };
}

/** `UserMFASettingList` / `PreferredMfaSetting` of GetUser and AdminGetUser (omitted when empty). */
export async function userMfaSummary(store: Store, user: UserRecord): Promise<{ PreferredMfaSetting?: string; UserMFASettingList?: string[] }> {
  const view = await loadUserMfa(store, user);
  return {
    ...(view.preferred !== undefined ? { PreferredMfaSetting: view.preferred } : {}),
    ...(view.enabled.length > 0 ? { UserMFASettingList: [...view.enabled] } : {}),
  };
}

/** The factors the user can be challenged with in this pool, given its attributes. */
export function usableFactors(pool: PoolRecord, user: UserRecord, view: UserMfaView): MfaFactor[] {
  const offered = poolFactors(pool);
  return view.enabled.filter((f) => offered.has(f) && factorReachable(user, view, f));
}

/** Whether the user has what a factor needs: a phone number, an email address, an authenticator. */
export function factorReachable(user: UserRecord, view: UserMfaView, factor: MfaFactor): boolean {
  switch (factor) {
    case 'SMS_MFA':
      return Boolean(user.attributes['phone_number']);
    case 'EMAIL_OTP':
      return Boolean(user.attributes['email']);
    case 'SOFTWARE_TOKEN_MFA':
      return view.totpVerified;
  }
}

const noDeliveryConfig = (factor: MfaFactor): CognitoError => new CognitoError('InvalidParameterException', `User does not have delivery config set to turn on ${factor}`);

export interface MfaPreferenceInput {
  SMSMfaSettings?: SMSMfaSettingsType | undefined;
  SoftwareTokenMfaSettings?: SoftwareTokenMfaSettingsType | undefined;
  EmailMfaSettings?: EmailMfaSettingsType | undefined;
  WebAuthnMfaSettings?: WebAuthnMfaSettingsType | undefined;
}

/**
 * SetUserMFAPreference / AdminSetUserMFAPreference. Members left out keep their setting; a factor
 * can be switched on only when the user has what it needs; at most one factor is preferred, and
 * it must be on. Switching the preferred factor off clears the preference.
 */
export async function setMfaPreference(deps: Deps, user: UserRecord, input: MfaPreferenceInput): Promise<void> {
  if (input.WebAuthnMfaSettings?.Enabled === true) {
    throw new CognitoError('UnsupportedOperationException', 'WebAuthn (passkey) MFA is not supported by this server (Userpool).');
  }
  const view = await loadUserMfa(deps.store, user);
  const on = new Set<MfaFactor>(view.enabled);
  let preferred: MfaFactor | null = view.preferred ?? null;
  const wantPreferred: MfaFactor[] = [];
  const items: Array<[MfaFactor, { Enabled?: boolean | undefined; PreferredMfa?: boolean | undefined } | undefined]> = [
    ['SMS_MFA', input.SMSMfaSettings],
    ['SOFTWARE_TOKEN_MFA', input.SoftwareTokenMfaSettings],
    ['EMAIL_OTP', input.EmailMfaSettings],
  ];
  for (const [factor, s] of items) {
    if (s === undefined) continue;
    if (s.Enabled === true) {
      if (!factorReachable(user, view, factor)) throw noDeliveryConfig(factor);
      on.add(factor);
    } else if (s.Enabled === false) {
      on.delete(factor);
    }
    if (s.PreferredMfa === true) wantPreferred.push(factor);
    else if (s.PreferredMfa === false && preferred === factor) preferred = null;
  }
  if (wantPreferred.length > 1) throw new CognitoError('InvalidParameterException', 'Only one MFA method can be set as preferred.');
  const chosen = wantPreferred[0];
  if (chosen !== undefined) {
    if (!on.has(chosen)) throw new CognitoError('InvalidParameterException', `${chosen} cannot be the preferred MFA method while it is not enabled.`);
    preferred = chosen;
  }
  if (preferred !== null && !on.has(preferred)) preferred = null;
  const now = deps.now();
  const smsNow = on.has('SMS_MFA');
  await deps.store.transaction(async (tx) => {
    if (smsNow !== smsEnabled(user)) await tx.users.setUserMfaOptions(user.poolId, user.sub, smsNow ? SMS_MFA_OPTIONS : null, now);
    await tx.mfa.saveMfaPreferences(user.poolId, user.sub, { totpEnabled: on.has('SOFTWARE_TOKEN_MFA'), emailEnabled: on.has('EMAIL_OTP'), preferred }, now);
  });
}

/**
 * SetUserSettings / AdminSetUserSettings (legacy SMS MFA): `[{DeliveryMedium: SMS,
 * AttributeName: phone_number}]` turns SMS MFA on, `[]` off. The MFAOptions to store (null = off).
 */
export function legacyMfaOptions(options: MFAOptionType[]): MFAOptionType[] | null {
  for (const option of options) {
    if (option.DeliveryMedium !== 'SMS') throw new CognitoError('InvalidParameterException', 'Only SMS is supported as the delivery medium of MFAOptions.');
    if (option.AttributeName !== undefined && option.AttributeName !== 'phone_number') {
      throw new CognitoError('InvalidParameterException', 'Only phone_number is supported as the attribute of MFAOptions.');
    }
  }
  return options.length > 0 ? SMS_MFA_OPTIONS : null;
}

// ---- TOTP ----

const totpNotEnabledInPool = (): CognitoError => new CognitoError('SoftwareTokenMFANotFoundException', 'Software Token MFA has not been enabled by the userPool.');

/** AssociateSoftwareToken: a fresh secret, kept sealed and pending until VerifySoftwareToken. */
export async function associateSoftwareToken(deps: Deps, pool: PoolRecord, user: UserRecord): Promise<string> {
  if (!poolFactors(pool).has('SOFTWARE_TOKEN_MFA')) throw totpNotEnabledInPool();
  const secret = newTotpSecret();
  await deps.store.mfa.setTotpPending(user.poolId, user.sub, sealTotpSecret(deps.masterKey, user, secret), deps.now());
  return secret;
}

const alreadyUsed = (): CognitoError => new CognitoError('ExpiredCodeException', 'Your software token has already been used once.');

/**
 * VerifySoftwareToken: the pending secret becomes the user's authenticator when `code` fits it.
 * With `enable` (the MFA_SETUP sign-in path) software-token MFA is switched on as well.
 */
export async function verifySoftwareToken(deps: Deps, pool: PoolRecord, user: UserRecord, code: string, friendlyName: string | undefined, enable: boolean): Promise<void> {
  if (!poolFactors(pool).has('SOFTWARE_TOKEN_MFA')) throw totpNotEnabledInPool();
  const record = await deps.store.mfa.findUserMfa(user.poolId, user.sub);
  const pending = record?.totpPendingSealed ?? null;
  if (pending === null) {
    // Nothing pending: a code the authenticator just verified with (e.g. a concurrent request) is a replay.
    const active = record?.totpSecretSealed ?? null;
    const step = active === null ? undefined : matchTotpStep(openTotpSecret(deps.masterKey, user, active), code, deps.now());
    if (step !== undefined && record?.totpLastStep !== null && record?.totpLastStep !== undefined && step <= record.totpLastStep) throw alreadyUsed();
    throw new CognitoError('SoftwareTokenMFANotFoundException', 'Software token MFA has not been associated with the user: call AssociateSoftwareToken first.');
  }
  const step = matchTotpStep(openTotpSecret(deps.masterKey, user, pending), code, deps.now());
  if (step === undefined) throw new CognitoError('EnableSoftwareTokenMFAException', 'Code mismatch and fail enable Software Token MFA');
  if (await deps.store.mfa.activateTotp(user.poolId, user.sub, pending, step, friendlyName ?? null, deps.now(), enable)) return;
  // Lost a race: another request verified this secret with the same code (or re-associated).
  const again = await deps.store.mfa.findUserMfa(user.poolId, user.sub);
  if (again?.totpPendingSealed === pending || again?.totpSecretSealed === pending) throw alreadyUsed();
  throw new CognitoError('SoftwareTokenMFANotFoundException', 'Software token MFA has not been associated with the user: call AssociateSoftwareToken first.');
}

export type TotpCheck = 'ok' | 'mismatch' | 'used' | 'none';

/** A SOFTWARE_TOKEN_MFA answer: right, wrong, a code of a time step already used, or no authenticator. */
export async function checkTotpCode(deps: Deps, user: UserRecord, code: string): Promise<TotpCheck> {
  const record = await deps.store.mfa.findUserMfa(user.poolId, user.sub);
  const sealed = record?.totpSecretSealed ?? null;
  if (sealed === null) return 'none';
  const step = matchTotpStep(openTotpSecret(deps.masterKey, user, sealed), code, deps.now());
  if (step === undefined) return 'mismatch';
  return (await deps.store.mfa.useTotpStep(user.poolId, user.sub, sealed, step)) ? 'ok' : 'used';
}

export const totpAlreadyUsed = alreadyUsed;
