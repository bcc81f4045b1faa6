/**
 * A user's MFA settings as the API changes and reads them: SetUserMFAPreference /
 * AdminSetUserMFAPreference, SetUserSettings / AdminSetUserSettings (legacy SMS MFA), and
 * GetUserAuthFactors. The signed-in forms name the user by access token, the Admin* forms by
 * Username, sub or alias.
 */
import type { Deps } from '../context.ts';
import type { AdminSetUserMFAPreferenceRequest, AuthFactorType, GetUserAuthFactorsResponse, MFAOptionType, SetUserMFAPreferenceRequest } from '../../generated/shapes.ts';
import type { PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { otpFactorsFor } from '../auth/otp-sign-in.ts';
import { verifyAccessToken } from '../tokens/verify.ts';
import { requireUser } from '../users/resolve.ts';
import { legacyMfaOptions, setMfaPreference, userMfaSummary } from './user-mfa.ts';

/** SetUserMFAPreference: the signed-in user switches SMS / TOTP / email MFA on or off and picks the preferred one. */
export async function setOwnMfaPreference(deps: Deps, input: SetUserMFAPreferenceRequest): Promise<void> {
  const { user } = await verifyAccessToken(deps, input.AccessToken);
  await setMfaPreference(deps, user, input);
}

/** AdminSetUserMFAPreference: SetUserMFAPreference for a user named by Username, sub or alias. */
export async function setMfaPreferenceAsAdmin(deps: Deps, pool: PoolRecord, input: AdminSetUserMFAPreferenceRequest): Promise<void> {
  await setMfaPreference(deps, await requireUser(deps.store, pool, input.Username), input);
}

async function setLegacyMfaOptions(deps: Deps, user: UserRecord, options: MFAOptionType[]): Promise<void> {
  await deps.store.users.setUserMfaOptions(user.poolId, user.sub, legacyMfaOptions(options), deps.now());
}

/**
 * SetUserSettings (deprecated legacy SMS MFA, access token): `[{DeliveryMedium: "SMS",
 * AttributeName: "phone_number"}]` turns SMS MFA on, `[]` off — the same setting as
 * SetUserMFAPreference's SMSMfaSettings.Enabled.
 */
export async function setOwnLegacyMfaOptions(deps: Deps, accessToken: string, options: MFAOptionType[]): Promise<void> {
  const { user } = await verifyAccessToken(deps, accessToken);
  await setLegacyMfaOptions(deps, user, options);
}

/** AdminSetUserSettings: SetUserSettings for a user named by Username, sub or alias (AdminGetUser shows `MFAOptions`). */
export async function setLegacyMfaOptionsAsAdmin(deps: Deps, pool: PoolRecord, username: string, options: MFAOptionType[]): Promise<void> {
  await setLegacyMfaOptions(deps, await requireUser(deps.store, pool, username), options);
}

/**
 * GetUserAuthFactors: the signed-in user's sign-in options: the USER_AUTH first factors they can
 * use (PASSWORD when they have a password; EMAIL_OTP / SMS_OTP as USER_AUTH offers them,
 * otp-sign-in.ts otpFactorsFor) and their MFA settings. A federated user has none: they sign in
 * through their identity provider.
 */
export async function userAuthFactors(deps: Deps, accessToken: string): Promise<GetUserAuthFactorsResponse> {
  const { pool, user } = await verifyAccessToken(deps, accessToken);
  const factors: AuthFactorType[] = [];
  if (user.status !== 'EXTERNAL_PROVIDER') {
    if (user.passwordSealed !== null) factors.push('PASSWORD');
    factors.push(...(await otpFactorsFor(deps.store, pool, user)));
  }
  return { Username: user.username, ...(await userMfaSummary(deps.store, user)), ConfiguredUserAuthFactors: factors };
}
