/**
 * Passwordless first factors of USER_AUTH (choice-based sign-in): EMAIL_OTP and SMS_OTP (API
 * Reference, InitiateAuth / RespondToAuthChallenge; Developer Guide, "Authentication flows",
 * passwordless sign-in with one-time passwords). The pool's SignInPolicy.AllowedFirstAuthFactors
 * must allow the factor and the user must have a verified email address / phone number; the code
 * goes out through the message delivery (outbox, SMTP, SMS webhook) and is answered with
 * EMAIL_OTP_CODE / SMS_OTP_CODE. The code is the sign-in: tokens follow, without an MFA challenge,
 * so the factors are not offered where MFA would be asked (see otpFactorsFor).
 *
 * Unknown users, on a client that hides user existence, get the same challenge with a believable
 * destination and no message; every answer is then a wrong code.
 */
import type { AuthSessionRecord, PoolRecord, Store, UserRecord } from '../../storage/ports/index.ts';
import { CognitoError } from '../errors.ts';
import { consumeCode } from '../messaging/codes.ts';
import { hasVerifiedContact, type Channel } from '../messaging/deliver.ts';
import { maskDestination } from '../messaging/mask.ts';
import { poolMfaMode } from '../mfa/pool-mfa.ts';
import { loadUserMfa, usableFactors } from '../mfa/user-mfa.ts';
import { poolConfigOf } from '../pools/pool-config.ts';
import { answerNamesUser, checkSecretHash, requireParam } from './client-rules.ts';
import { checkRecord, consumeSession, countWrongAnswer, createSession, invalidSession, sessionHash } from './sessions.ts';
import { deviceIfKnown, finish, MAX_WRONG_ANSWERS, sendSignInCode } from './second-factor.ts';
import type { AuthCall, AuthOutcome } from './sign-in.ts';

export type OtpFactor = 'EMAIL_OTP' | 'SMS_OTP';

const OTP_FACTORS: readonly OtpFactor[] = ['EMAIL_OTP', 'SMS_OTP'];

/** Session steps of a pending one-time-password sign-in (told apart from EMAIL_OTP as MFA, which shares the challenge name). */
const STEP: Record<OtpFactor, string> = { EMAIL_OTP: 'OTP_SIGN_IN_EMAIL', SMS_OTP: 'OTP_SIGN_IN_SMS' };

/** Code purposes; the MFA_ prefix puts them under the MFA codes' sending limit. */
const PURPOSE: Record<OtpFactor, string> = { EMAIL_OTP: 'MFA_SIGN_IN_EMAIL', SMS_OTP: 'MFA_SIGN_IN_SMS' };

const CHANNEL: Record<OtpFactor, Channel> = { EMAIL_OTP: 'EMAIL', SMS_OTP: 'SMS' };

const ANSWER: Record<OtpFactor, string> = { EMAIL_OTP: 'EMAIL_OTP_CODE', SMS_OTP: 'SMS_OTP_CODE' };

export const isOtpFactor = (name: string): name is OtpFactor => name === 'EMAIL_OTP' || name === 'SMS_OTP';

/** The pool's `SignInPolicy.AllowedFirstAuthFactors` (PASSWORD alone when unset, as AWS creates pools). */
export function allowedFirstAuthFactors(pool: PoolRecord): string[] {
  const factors = poolConfigOf(pool).Policies.SignInPolicy?.['AllowedFirstAuthFactors'];
  return Array.isArray(factors) ? factors.map(String) : ['PASSWORD'];
}

/**
 * The one-time-password first factors USER_AUTH offers `user` (undefined: an unknown user on a
 * client that hides user existence): those the pool allows that the user can receive (a verified
 * address, hasVerifiedContact). None where a password sign-in would ask for MFA — a pool that
 * requires MFA, or an MFA-optional pool and a user with an MFA factor it can challenge — since no
 * MFA follows a one-time password and offering one would skip the user's MFA (Developer Guide,
 * "Authentication flows", passwordless sign-in: not compatible with required MFA; "users who have
 * activated MFA can't sign in with a passwordless first factor").
 */
export async function otpFactorsFor(store: Store, pool: PoolRecord, user: UserRecord | undefined): Promise<OtpFactor[]> {
  const allowed = allowedFirstAuthFactors(pool);
  const factors = OTP_FACTORS.filter((f) => allowed.includes(f) && (user === undefined || hasVerifiedContact(user, CHANNEL[f])));
  if (factors.length === 0) return factors;
  const mode = poolMfaMode(pool);
  if (mode === 'ON') return [];
  if (mode === 'OPTIONAL' && user !== undefined && usableFactors(pool, user, await loadUserMfa(store, user)).length > 0) return [];
  return factors;
}

/**
 * Sends the code and answers the EMAIL_OTP / SMS_OTP challenge. The caller has checked the user
 * (enabled, confirmed, PreAuthentication); `user` undefined: an unknown user on a client that
 * hides user existence.
 */
export async function startOtpSignIn(call: AuthCall, username: string, user: UserRecord | undefined, factor: OtpFactor, deviceKey: string | undefined): Promise<AuthOutcome> {
  const { deps, client } = call;
  const channel = CHANNEL[factor];
  const destination =
    user === undefined
      ? maskDestination(factor === 'EMAIL_OTP' ? (username.includes('@') ? username : `${username}@example.com`) : '+10000000000')
      : await sendSignInCode(call, user, PURPOSE[factor], channel);
  const session = await createSession(deps, {
    client,
    userSub: user?.sub ?? null,
    step: STEP[factor],
    data: { u: user?.username ?? username, ...(deviceKey ? { dk: deviceKey } : {}) },
  });
  return { ChallengeName: factor, Session: session, ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: channel, CODE_DELIVERY_DESTINATION: destination } };
}

/** A pending one-time-password sign-in: the Session and its record. */
export interface PendingOtpSignIn {
  session: string;
  record: AuthSessionRecord;
}

/** The pending one-time-password sign-in `session` names, or undefined (no session, or an MFA step). */
export async function otpSignInSession(call: AuthCall, session: string | undefined): Promise<PendingOtpSignIn | undefined> {
  if (session === undefined || session === '') return undefined;
  const record = await call.deps.store.auth.findAuthSession(sessionHash(session));
  return record !== undefined && Object.values(STEP).includes(record.step) ? { session, record } : undefined;
}

/**
 * RespondToAuthChallenge EMAIL_OTP (EMAIL_OTP_CODE) / SMS_OTP (SMS_OTP_CODE) of a passwordless
 * sign-in: tokens. `pending`: the session, as otpSignInSession read it.
 */
export async function answerOtpSignIn(call: AuthCall, factor: OtpFactor, responses: Record<string, string> | undefined, pending: PendingOtpSignIn): Promise<AuthOutcome> {
  const { deps, pool, client } = call;
  const { session } = pending;
  const code = requireParam(responses, ANSWER[factor]);
  const record = checkRecord(deps, pending.record, client, STEP[factor]);
  const named = typeof record.data['u'] === 'string' ? record.data['u'] : '';
  const user = record.userSub === null ? undefined : await deps.store.users.findUserBySub(pool.id, record.userSub);
  if (record.userSub !== null && user === undefined) throw invalidSession();
  const given = responses?.['USERNAME'];
  if (!(await answerNamesUser(deps, pool, given, named, user))) throw invalidSession();
  checkSecretHash(deps, client, [given, named], responses?.['SECRET_HASH']);
  if (user !== undefined && !user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
  const mismatch = new CognitoError('CodeMismatchException', 'Invalid code or auth state for the user.');
  if (user === undefined || !/^\d{6,8}$/.test(code) || (await consumeCode(deps.store, user, PURPOSE[factor], code, deps)) !== 'ok') {
    await countWrongAnswer(deps, record, MAX_WRONG_ANSWERS);
    throw mismatch;
  }
  await consumeSession(deps, session, client, STEP[factor]);
  const presented = responses?.['DEVICE_KEY'] || (typeof record.data['dk'] === 'string' ? record.data['dk'] : undefined);
  return finish(call, user, (await deviceIfKnown(call, user, presented))?.deviceKey);
}
