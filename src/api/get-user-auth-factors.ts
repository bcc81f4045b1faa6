import type { Handler } from './context.ts';
import type { AuthFactorType } from '../generated/shapes.ts';
import { verifyAccessToken } from '../domain/tokens/verify.ts';
import { userMfaSummary } from '../domain/mfa/user-mfa.ts';
import { poolConfigOf } from '../domain/pools/pool-config.ts';

/**
 * The signed-in user's sign-in options: the USER_AUTH first factors they can use (PASSWORD when
 * they have a password; EMAIL_OTP / SMS_OTP when the pool's sign-in policy allows them and the
 * user has a verified email / phone number) and their MFA settings.
 */
export const getUserAuthFactors: Handler<'GetUserAuthFactors'> = async (input, ctx) => {
  const { pool, user } = await verifyAccessToken(ctx.deps, input.AccessToken);
  const allowed = poolConfigOf(pool).Policies.SignInPolicy?.['AllowedFirstAuthFactors'];
  const policy = new Set(Array.isArray(allowed) ? allowed.map(String) : ['PASSWORD']);
  const a = user.attributes;
  const factors: AuthFactorType[] = [];
  if (user.passwordSealed !== null) factors.push('PASSWORD');
  if (policy.has('EMAIL_OTP') && a['email'] && a['email_verified'] === 'true') factors.push('EMAIL_OTP');
  if (policy.has('SMS_OTP') && a['phone_number'] && a['phone_number_verified'] === 'true') factors.push('SMS_OTP');
  return { Username: user.username, ...(await userMfaSummary(ctx.deps.store, user)), ConfiguredUserAuthFactors: factors };
};
