/**
 * A user's MFA settings as the API changes and reads them: SetUserMFAPreference /
 * AdminSetUserMFAPreference, SetUserSettings / AdminSetUserSettings (legacy SMS MFA), and
 * GetUserAuthFactors. The signed-in forms name the user by access token, the Admin* forms by
 * Username, sub or alias.
 */
import type { Deps } from '../context.ts';
import type { AdminSetUserMFAPreferenceRequest, AuthFactorType, GetUserAuthFactorsResponse, MFAOptionType, SetUserMFAPreferenceRequest } from '../../generated/shapes.ts';
import type { PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { poolConfigOf } from '../pools/pool-config.ts';
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
 * use (PASSWORD when they have a password; EMAIL_OTP / SMS_OTP when the pool's sign-in policy
 * allows them and the user has a verified email / phone number) and their MFA settings.
 */
export async function userAuthFactors(deps: Deps, accessToken: string): Promise<GetUserAuthFactorsResponse> {
  const { pool, user } = await verifyAccessToken(deps, accessToken);
  const allowed = poolConfigOf(pool).Policies.SignInPolicy?.['AllowedFirstAuthFactors'];
  const policy = new Set(Array.isArray(allowed) ? allowed.map(String) : ['PASSWORD']);
  const a = user.attributes;
  const factors: AuthFactorType[] = [];
  if (user.passwordSealed !== null) factors.push('PASSWORD');
  if (policy.has('EMAIL_OTP') && a['email'] && a['email_verified'] === 'true') factors.push('EMAIL_OTP');
  if (policy.has('SMS_OTP') && a['phone_number'] && a['phone_number_verified'] === 'true') factors.push('SMS_OTP');
  return { Username: user.username, ...(await userMfaSummary(deps.store, user)), ConfiguredUserAuthFactors: factors };
}
