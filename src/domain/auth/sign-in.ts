/**
 * Sign-in: InitiateAuth / AdminInitiateAuth and RespondToAuthChallenge /
 * AdminRespondToAuthChallenge (spec/auth.md §A–§C, spec/semantics.md §1, §9).
 *
 * Flows: USER_SRP_AUTH (→ PASSWORD_VERIFIER), USER_PASSWORD_AUTH, ADMIN_USER_PASSWORD_AUTH /
 * ADMIN_NO_SRP_AUTH, REFRESH_TOKEN_AUTH / REFRESH_TOKEN, USER_AUTH with the password factors
 * (PASSWORD, PASSWORD_SRP, SELECT_CHALLENGE) and the one-time passwords of otp-sign-in.ts
 * (EMAIL_OTP, SMS_OTP). Challenges: PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED,
 * SELECT_CHALLENGE / PASSWORD / PASSWORD_SRP; after the password the MFA and device challenges of
 * second-factor.ts. CUSTOM_AUTH / CUSTOM_CHALLENGE: custom-auth.ts.
 */
import type { Deps } from '../context.ts';
import type { InitiateAuthResponse } from '../../generated/shapes.ts';
import { CognitoError } from '../errors.ts';
import type { ClientRecord, PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { poolConfigOf, srpPoolName } from '../pools/pool-config.ts';
import { checkPassword, parseSrpA } from '../passwords/srp.ts';
import { checkPasswordPolicy } from '../passwords/policy.ts';
import type { WarnLogger } from '../messaging/deliver.ts';
import { issueSignInTokens } from '../tokens/issue.ts';
import { postAuthentication, preAuthentication, preAuthenticationOfUnknown } from './auth-triggers.ts';
import { migrateOnSignIn } from './user-migration.ts';
import { applyAttributeWrites, validateAttributeWrites, type AttributeInput } from '../users/attributes.ts';
import { passwordPolicyOf } from '../users/new-user.ts';
import { readPasswordVerifier, setPassword, verifyPassword } from '../users/password.ts';
import { resolveUser } from '../users/resolve.ts';
import { saveUserChecked } from '../users/write.ts';
import { assertClientMayWrite } from './client-attributes.ts';
import { assertFlowAllowed, checkSecretHash, hidesUserExistence, incorrectCredentials, namedUser, requireParam, type AuthFlowName } from './client-rules.ts';
import { assertNotLockedOut, claimDecoyPasswordAttempt, claimPasswordAttempt, recordSignInSuccess } from './lockout.ts';
import { refreshTokenAuth } from './refresh.ts';
import { decoyVerifier, openPasswordClaim, PASSWORD_VERIFIER, passwordClaimMatches, passwordClaimOf, sealSecretBlock, srpServerStep } from './srp-challenge.ts';
import { consumeSession, createSession, invalidSession, newSessionId, peekSession } from './sessions.ts';
import { purgeAuthStateNowAndThen } from '../housekeeping/purge.ts';
import { continueSignIn, deviceOfState, presentedDevice, respondToSecondFactor } from './second-factor.ts';
import { allowedFirstAuthFactors, answerOtpSignIn, isOtpFactor, otpSignInSession, otpFactorsFor, startOtpSignIn, type OtpFactor } from './otp-sign-in.ts';
import { answerCustomChallenge, assertCustomAuthConfigured, continueCustomAuth, CUSTOM_CHALLENGE, type ChallengeResult } from './custom-auth.ts';

export const NEW_PASSWORD_REQUIRED = 'NEW_PASSWORD_REQUIRED';

/** One sign-in call: the pool and client it is for, and whether it came through an Admin* (IAM) operation. */
export interface AuthCall {
  deps: Deps;
  pool: PoolRecord;
  client: ClientRecord;
  admin: boolean;
  /** The caller's IP address (recorded for devices). */
  sourceIp?: string;
  log?: WarnLogger;
  /**
   * InitiateAuth's ClientMetadata: `validationData` of PreAuthentication and UserMigration, and
   * nothing else (API Reference, InitiateAuth / AdminInitiateAuth "ClientMetadata").
   */
  validationData?: Record<string, string> | undefined;
  /**
   * RespondToAuthChallenge's ClientMetadata: `clientMetadata` of PostAuthentication, PreTokenGeneration
   * and the custom challenge triggers (API Reference, RespondToAuthChallenge "ClientMetadata").
   */
  clientMetadata?: Record<string, string> | undefined;
  /**
   * The hosted sign-in pages: their sign-in ends in an authorization code, and the tokens (with
   * TokenGeneration_HostedAuth) come from the token endpoint, so none is generated here.
   */
  hostedUi?: boolean;
}

export type AuthOutcome = InitiateAuthResponse;

const FLOWS: ReadonlySet<string> = new Set(['USER_SRP_AUTH', 'REFRESH_TOKEN_AUTH', 'REFRESH_TOKEN', 'CUSTOM_AUTH', 'ADMIN_NO_SRP_AUTH', 'USER_PASSWORD_AUTH', 'ADMIN_USER_PASSWORD_AUTH', 'USER_AUTH']);

const userNotConfirmed = (): CognitoError => new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
const userDisabled = (): CognitoError => new CognitoError('NotAuthorizedException', 'User is disabled.');

/** Unknown user: `UserNotFoundException`, or the wrong-password answer when the client hides user existence. */
function unknownUser(call: AuthCall): CognitoError {
  return hidesUserExistence(call.client) ? incorrectCredentials() : new CognitoError('UserNotFoundException', 'User does not exist.');
}

/**
 * Refuses users that cannot sign in whatever their password: disabled, unconfirmed, reset required,
 * and federated users (EXTERNAL_PROVIDER), who sign in through their identity provider only — no
 * password, one-time code or custom challenge of the pool's own stands in for it.
 */
function assertUserMaySignIn(call: AuthCall, user: UserRecord): void {
  if (!user.enabled) throw userDisabled();
  if (user.status === 'EXTERNAL_PROVIDER') throw incorrectCredentials();
  if (user.status === 'UNCONFIRMED') throw userNotConfirmed();
  if (user.status === 'RESET_REQUIRED') {
    throw hidesUserExistence(call.client) ? incorrectCredentials() : new CognitoError('PasswordResetRequiredException', 'Password reset required for the user');
  }
}

/** JSON-string challenge parameters of NEW_PASSWORD_REQUIRED (amazon-cognito-identity-js JSON.parses both). */
function newPasswordChallengeParameters(pool: PoolRecord, user: UserRecord): Record<string, string> {
  const required = poolConfigOf(pool)
    .SchemaAttributes.filter((a) => a.Required && a.Name !== 'sub' && !user.attributes[a.Name])
    .map((a) => `userAttributes.${a.Name}`);
  return {
    USER_ID_FOR_SRP: user.username,
    requiredAttributes: JSON.stringify(required),
    userAttributes: JSON.stringify(user.attributes),
  };
}

/**
 * After a right password: clear failures, then the next challenge (NEW_PASSWORD_REQUIRED, MFA,
 * device authentication) or the tokens. `deviceKey`: the DEVICE_KEY the sign-in presented.
 */
async function afterPassword(call: AuthCall, user: UserRecord, deviceKey: string | undefined): Promise<AuthOutcome> {
  const { deps } = call;
  await recordSignInSuccess(deps, user);
  const device = await presentedDevice(call, user, deviceKey);
  if (user.status === 'FORCE_CHANGE_PASSWORD') {
    if (user.tempPasswordExpiresAt !== null && deps.now() > user.tempPasswordExpiresAt) {
      throw new CognitoError('NotAuthorizedException', 'Temporary password has expired and must be reset by an administrator.');
    }
    const session = await createSession(deps, { client: call.client, userSub: user.sub, step: NEW_PASSWORD_REQUIRED, data: device ? { dk: device.deviceKey } : {} });
    return { ChallengeName: NEW_PASSWORD_REQUIRED, Session: session, ChallengeParameters: newPasswordChallengeParameters(call.pool, user) };
  }
  return continueSignIn(call, user, device);
}

// ---- InitiateAuth ----

/** `session`: InitiateAuth's top-level Session (USER_AUTH after ConfirmSignUp: sign-in without a second factor). */
export async function initiateAuth(call: AuthCall, flowName: string, params: Record<string, string> | undefined, session?: string): Promise<AuthOutcome> {
  if (!FLOWS.has(flowName)) throw new CognitoError('InvalidParameterException', `Unsupported AuthFlow ${flowName}.`);
  const flow = flowName as AuthFlowName;
  assertFlowAllowed(call.client, flow, call.admin);
  void purgeAuthStateNowAndThen(call.deps).catch(() => undefined);
  switch (flow) {
    case 'USER_PASSWORD_AUTH':
    case 'ADMIN_USER_PASSWORD_AUTH':
    case 'ADMIN_NO_SRP_AUTH':
      return passwordAuth(call, params);
    case 'USER_SRP_AUTH':
      return srpAuth(call, params);
    case 'REFRESH_TOKEN_AUTH':
    case 'REFRESH_TOKEN':
      return { ChallengeParameters: {}, AuthenticationResult: await refreshTokenAuth(call, requireParam(params, 'REFRESH_TOKEN'), params?.['SECRET_HASH'], params?.['DEVICE_KEY']) };
    case 'CUSTOM_AUTH':
      return customAuth(call, params);
    case 'USER_AUTH':
      return session !== undefined && session !== '' ? autoSignIn(call, params, session) : userAuth(call, params);
  }
}

/** USER_PASSWORD_AUTH / ADMIN_USER_PASSWORD_AUTH: the password checked against the SRP verifier. */
async function passwordAuth(call: AuthCall, params: Record<string, string> | undefined): Promise<AuthOutcome> {
  const username = requireParam(params, 'USERNAME');
  const password = requireParam(params, 'PASSWORD');
  const user = (await namedUser(call, username, params?.['SECRET_HASH'])) ?? (await migrateOnSignIn(call, username, password));
  return passwordStep(call, username, user, password, params?.['DEVICE_KEY']);
}

/** Checks a password for `user` (undefined: unknown `username`), then the next step. */
async function passwordStep(call: AuthCall, username: string, user: UserRecord | undefined, password: string, deviceKey: string | undefined): Promise<AuthOutcome> {
  const { deps, pool } = call;
  if (user === undefined) {
    // Same work as for a real user, so timing does not tell unknown users apart.
    if (hidesUserExistence(call.client)) {
      await preAuthenticationOfUnknown(deps, pool, call.client, username, call.validationData);
      await claimDecoyPasswordAttempt(deps, pool.id, username);
      checkPassword(srpPoolName(pool.id), username, password, decoyVerifier(deps, pool.id, username));
    }
    throw unknownUser(call);
  }
  if (!user.enabled) throw userDisabled();
  assertNotLockedOut(deps, user);
  assertUserMaySignIn(call, user);
  await preAuthentication(deps, pool, call.client, user, call.validationData);
  await claimPasswordAttempt(deps, user);
  if (!verifyPassword(user, pool, password, deps.masterKey)) throw incorrectCredentials();
  return afterPassword(call, user, deviceKey);
}

/**
 * CUSTOM_AUTH (custom-auth.ts): PreAuthentication, then DefineAuthChallenge with an empty history,
 * or with SRP_A when the caller sent CHALLENGE_NAME=SRP_A and SRP_A (the password then comes first,
 * if Define asks for PASSWORD_VERIFIER).
 */
async function customAuth(call: AuthCall, params: Record<string, string> | undefined): Promise<AuthOutcome> {
  assertCustomAuthConfigured(call.pool);
  const username = requireParam(params, 'USERNAME');
  const srp = params?.['CHALLENGE_NAME'] === 'SRP_A';
  const A = srp ? requireSrpA(requireParam(params, 'SRP_A')) : undefined;
  const user = await namedUser(call, username, params?.['SECRET_HASH']);
  await checkBeforePassword(call, username, user);
  const deviceKey = params?.['DEVICE_KEY'];
  const subject = { user, username };
  if (A === undefined) return continueCustomAuth(call, subject, [], deviceKey);
  const history: ChallengeResult[] = [{ challengeName: 'SRP_A', challengeResult: true }];
  return continueCustomAuth(call, subject, history, deviceKey, () => passwordVerifierChallenge(call, username, user, A, deviceKey, history));
}

/** USER_SRP_AUTH: answer PASSWORD_VERIFIER with SALT, SRP_B, SECRET_BLOCK. */
async function srpAuth(call: AuthCall, params: Record<string, string> | undefined): Promise<AuthOutcome> {
  const username = requireParam(params, 'USERNAME');
  const srpA = requireParam(params, 'SRP_A');
  const user = await namedUser(call, username, params?.['SECRET_HASH']);
  return srpStep(call, username, user, srpA, params?.['DEVICE_KEY']);
}

/** The PASSWORD_VERIFIER challenge for `user` (undefined: unknown `username`). */
async function srpStep(call: AuthCall, username: string, user: UserRecord | undefined, srpA: string, deviceKey: string | undefined): Promise<AuthOutcome> {
  const A = requireSrpA(srpA);
  await checkBeforePassword(call, username, user);
  return passwordVerifierChallenge(call, username, user, A, deviceKey, undefined);
}

function requireSrpA(srpA: string): bigint {
  const A = parseSrpA(srpA);
  if (A === undefined) throw new CognitoError('NotAuthorizedException', 'Invalid SRP_A: A mod N must not be 0.');
  return A;
}

/** Before any password step: unknown users (per PreventUserExistenceErrors), disabled, locked out, unconfirmed; then PreAuthentication. */
async function checkBeforePassword(call: AuthCall, username: string, user: UserRecord | undefined): Promise<void> {
  if (user === undefined) {
    if (!hidesUserExistence(call.client)) throw unknownUser(call);
    await preAuthenticationOfUnknown(call.deps, call.pool, call.client, username, call.validationData);
    return;
  }
  if (!user.enabled) throw userDisabled();
  assertNotLockedOut(call.deps, user);
  assertUserMaySignIn(call, user);
  await preAuthentication(call.deps, call.pool, call.client, user, call.validationData);
}

/**
 * Issues PASSWORD_VERIFIER (SALT, SRP_B, SECRET_BLOCK). `custom`: the CUSTOM_AUTH challenge history
 * when the password is one step of a custom sign-in (its answer then goes back to DefineAuthChallenge).
 */
async function passwordVerifierChallenge(call: AuthCall, username: string, user: UserRecord | undefined, A: bigint, deviceKey: string | undefined, custom: ChallengeResult[] | undefined): Promise<AuthOutcome> {
  const { deps, pool, client } = call;
  const verifier = (user === undefined ? undefined : readPasswordVerifier(user, pool, deps.masterKey)) ?? decoyVerifier(deps, pool.id, username);
  const userId = user?.username ?? username;
  const step = srpServerStep(verifier);
  const sessionId = newSessionId();
  await createSession(deps, {
    id: sessionId,
    client,
    userSub: user?.sub ?? null,
    step: PASSWORD_VERIFIER,
    data: { A: A.toString(16), B: step.B.toString(16), u: userId, ...(deviceKey ? { d: deviceKey } : {}), ...(custom !== undefined ? { cu: custom } : {}) },
  });
  return {
    ChallengeName: PASSWORD_VERIFIER,
    Session: sessionId,
    ChallengeParameters: {
      SALT: step.saltHex,
      SECRET_BLOCK: sealSecretBlock(deps, pool, client, sessionId, step.b),
      SRP_B: step.B.toString(16),
      USERNAME: userId,
      USER_ID_FOR_SRP: userId,
    },
  };
}

// ---- RespondToAuthChallenge ----

export async function respondToAuthChallenge(call: AuthCall, challengeName: string, responses: Record<string, string> | undefined, session: string | undefined): Promise<AuthOutcome> {
  switch (challengeName) {
    case PASSWORD_VERIFIER:
      return passwordVerifier(call, responses, session);
    case NEW_PASSWORD_REQUIRED:
      return newPasswordRequired(call, responses, session);
    case SELECT_CHALLENGE:
      return selectChallenge(call, requireParam(responses, 'ANSWER'), responses, session);
    case 'PASSWORD':
    case 'PASSWORD_SRP':
      return selectChallenge(call, challengeName, responses, session);
    case 'EMAIL_OTP':
    case 'SMS_OTP': {
      // EMAIL_OTP names both the passwordless first factor and email MFA: the session tells which.
      const pending = await otpSignInSession(call, session);
      if (pending !== undefined) return answerOtpSignIn(call, challengeName, responses, pending);
      if (challengeName === 'SMS_OTP') throw invalidSession();
      return respondToSecondFactor(call, challengeName, responses, session);
    }
    case 'SMS_MFA':
    case 'SOFTWARE_TOKEN_MFA':
    case 'SELECT_MFA_TYPE':
    case 'MFA_SETUP':
    case 'DEVICE_SRP_AUTH':
    case 'DEVICE_PASSWORD_VERIFIER':
      return respondToSecondFactor(call, challengeName, responses, session);
    case CUSTOM_CHALLENGE:
      return answerCustomChallenge(call, responses, session);
    case 'WEB_AUTHN':
    case 'ADMIN_NO_SRP_AUTH':
      // This server never issues these challenges (yet), so no session can be waiting for an answer.
      throw invalidSession();
    default:
      throw new CognitoError('InvalidParameterException', `Unsupported ChallengeName ${challengeName}.`);
  }
}

async function passwordVerifier(call: AuthCall, responses: Record<string, string> | undefined, session: string | undefined): Promise<AuthOutcome> {
  const { deps, pool, client } = call;
  const claim = passwordClaimOf(responses);
  const state = openPasswordClaim(deps, pool, client, claim, session);
  const presented = responses?.['DEVICE_KEY'];
  if (presented !== undefined && presented !== '') {
    // An unknown device key is refused before the session is used, so the client can drop the key and answer again.
    const pending = await peekSession(deps, state.sessionId, client, PASSWORD_VERIFIER);
    const owner = pending.userSub === null ? undefined : await deps.store.users.findUserBySub(pool.id, pending.userSub);
    if (owner !== undefined) await presentedDevice(call, owner, presented);
  }
  const record = await consumeSession(deps, state.sessionId, client, PASSWORD_VERIFIER);
  const data = record.data as { A?: string; B?: string; u?: string; d?: string; cu?: ChallengeResult[] };
  const userId = data.u ?? '';
  checkSecretHash(deps, client, [responses?.['USERNAME'], userId], responses?.['SECRET_HASH']);
  const user = record.userSub === null ? undefined : await deps.store.users.findUserBySub(pool.id, record.userSub);
  if (record.userSub === null) {
    await claimDecoyPasswordAttempt(deps, pool.id, userId);
    throw incorrectCredentials();
  }
  if (user === undefined) throw unknownUser(call);
  if (!user.enabled) throw userDisabled();
  assertNotLockedOut(deps, user);
  assertUserMaySignIn(call, user);
  await claimPasswordAttempt(deps, user);
  const verifier = readPasswordVerifier(user, pool, deps.masterKey)?.verifier;
  if (!passwordClaimMatches(claim, state, data, { poolName: srpPoolName(pool.id), userId, verifier })) throw incorrectCredentials();
  const deviceKey = presented !== undefined && presented !== '' ? presented : data.d;
  if (Array.isArray(data.cu)) {
    await recordSignInSuccess(deps, user);
    return continueCustomAuth(call, { user, username: userId }, [...data.cu, { challengeName: PASSWORD_VERIFIER, challengeResult: true }], deviceKey);
  }
  return afterPassword(call, user, deviceKey);
}

/** `userAttributes.<name>` entries of a NEW_PASSWORD_REQUIRED answer. */
function challengeAttributes(responses: Record<string, string> | undefined): AttributeInput[] {
  const out: AttributeInput[] = [];
  for (const [key, value] of Object.entries(responses ?? {})) {
    if (key.startsWith('userAttributes.')) out.push({ Name: key.slice('userAttributes.'.length), Value: value });
  }
  return out;
}

async function newPasswordRequired(call: AuthCall, responses: Record<string, string> | undefined, session: string | undefined): Promise<AuthOutcome> {
  const { deps, pool, client } = call;
  if (session === undefined || session === '') throw new CognitoError('InvalidParameterException', 'Missing required parameter Session');
  const record = await peekSession(deps, session, client, NEW_PASSWORD_REQUIRED);
  const newPassword = requireParam(responses, 'NEW_PASSWORD');
  const user = record.userSub === null ? undefined : await deps.store.users.findUserBySub(pool.id, record.userSub);
  if (user === undefined) throw unknownUser(call);
  const given = responses?.['USERNAME'];
  checkSecretHash(deps, client, [given, user.username], responses?.['SECRET_HASH']);
  if (given !== undefined && given !== '' && given !== user.username && (await resolveUser(deps.store, pool, given))?.sub !== user.sub) {
    throw invalidSession();
  }
  if (!user.enabled) throw userDisabled();
  if (user.status !== 'FORCE_CHANGE_PASSWORD') throw invalidSession();

  // Attributes: required ones still empty must come with the answer; required ones already set can't be changed.
  const inputs = challengeAttributes(responses);
  const schema = poolConfigOf(pool).SchemaAttributes;
  for (const a of inputs) {
    const attr = schema.find((s) => s.Name === a.Name);
    if (attr?.Required && user.attributes[a.Name]) throw new CognitoError('NotAuthorizedException', `Cannot modify an already provided ${a.Name}`);
  }
  const writes = validateAttributeWrites(pool, inputs, { mode: 'update', admin: false });
  assertClientMayWrite(client, writes.keys());
  const applied = applyAttributeWrites(user.attributes, writes);
  const missing = schema.filter((a) => a.Required && a.Name !== 'sub' && !applied.attributes[a.Name]).map((a) => a.Name);
  if (missing.length > 0) throw new CognitoError('InvalidParameterException', `Invalid attributes given, ${missing.join(' and ')} is missing`);
  checkPasswordPolicy(newPassword, passwordPolicyOf(pool), { member: 'password' });

  await consumeSession(deps, session, client, NEW_PASSWORD_REQUIRED);
  const now = deps.now();
  user.attributes = applied.attributes;
  setPassword(user, pool, newPassword, deps.masterKey);
  user.status = 'CONFIRMED';
  user.tempPasswordExpiresAt = null;
  user.updatedAt = now;
  await saveUserChecked(deps.store, pool, user, { now });
  return continueSignIn(call, user, await deviceOfState(call, user, record.data), true);
}

// ---- USER_AUTH (choice-based sign-in) ----

export const SELECT_CHALLENGE = 'SELECT_CHALLENGE';

type FirstFactor = 'PASSWORD_SRP' | 'PASSWORD' | OtpFactor;

/**
 * The first factors USER_AUTH offers: PASSWORD_SRP and PASSWORD when the pool's
 * `SignInPolicy.AllowedFirstAuthFactors` has PASSWORD and the user has a password, then the
 * one-time passwords of otpFactorsFor. For an unknown user (a client that hides user existence)
 * the pool's list, so the answer does not tell. WEB_AUTHN is not offered.
 */
async function availableChallenges(call: AuthCall, user: UserRecord | undefined): Promise<FirstFactor[]> {
  const out: FirstFactor[] = [];
  if (allowedFirstAuthFactors(call.pool).includes('PASSWORD') && (user === undefined || user.passwordSealed !== null)) out.push('PASSWORD_SRP', 'PASSWORD');
  out.push(...(await otpFactorsFor(call.deps.store, call.pool, user)));
  return out;
}

function noFactorAvailable(): CognitoError {
  return new CognitoError('UnsupportedOperationException', 'USER_AUTH: none of the first factors the user pool allows (AllowedFirstAuthFactors) is available to this user on this server (Userpool): PASSWORD needs a password, EMAIL_OTP a verified email address, SMS_OTP a verified phone number (and neither is offered where MFA would be asked); WEB_AUTHN is not supported.');
}

/** USER_AUTH: the preferred first factor (PASSWORD with PASSWORD, PASSWORD_SRP with SRP_A), or SELECT_CHALLENGE. */
async function userAuth(call: AuthCall, params: Record<string, string> | undefined): Promise<AuthOutcome> {
  const { deps, pool, client } = call;
  const username = requireParam(params, 'USERNAME');
  const user = await namedUser(call, username, params?.['SECRET_HASH']);
  const available = await availableChallenges(call, user);
  if (available.length === 0) throw noFactorAvailable();
  const preferred = params?.['PREFERRED_CHALLENGE'];
  if (preferred === 'PASSWORD') return withAvailable(await passwordStep(call, username, user, requireParam(params, 'PASSWORD'), params?.['DEVICE_KEY']), available);
  if (preferred === 'PASSWORD_SRP') return withAvailable(await srpStep(call, username, user, requireParam(params, 'SRP_A'), params?.['DEVICE_KEY']), available);
  // A one-time password the user cannot use is no error: the caller chooses among the others (SELECT_CHALLENGE).
  if (preferred !== undefined && isOtpFactor(preferred) && available.includes(preferred)) {
    await checkBeforePassword(call, username, user);
    return startOtpSignIn(call, username, user, preferred, params?.['DEVICE_KEY']);
  }
  if (user === undefined && !hidesUserExistence(client)) throw unknownUser(call);
  if (user !== undefined) {
    if (!user.enabled) throw userDisabled();
    assertUserMaySignIn(call, user);
  }
  const session = await createSession(deps, { client, userSub: user?.sub ?? null, step: SELECT_CHALLENGE, data: { u: username, a: available } });
  return { ChallengeName: SELECT_CHALLENGE, Session: session, ChallengeParameters: {}, AvailableChallenges: available };
}

function withAvailable(outcome: AuthOutcome, available: AuthOutcome['AvailableChallenges']): AuthOutcome {
  return outcome.ChallengeName !== undefined && available !== undefined ? { ...outcome, AvailableChallenges: available } : outcome;
}

/** SELECT_CHALLENGE answered with ANSWER=PASSWORD (+PASSWORD), PASSWORD_SRP (+SRP_A), EMAIL_OTP or SMS_OTP (the code is sent). */
async function selectChallenge(call: AuthCall, answer: string, responses: Record<string, string> | undefined, session: string | undefined): Promise<AuthOutcome> {
  const { deps, pool, client } = call;
  if (session === undefined || session === '') throw new CognitoError('InvalidParameterException', 'Missing required parameter Session');
  const record = await peekSession(deps, session, client, SELECT_CHALLENGE);
  const offered = Array.isArray(record.data['a']) ? (record.data['a'] as string[]) : ['PASSWORD_SRP', 'PASSWORD'];
  if (!offered.includes(answer)) {
    throw new CognitoError('InvalidParameterException', `Invalid ANSWER ${answer}: the available challenges are ${offered.join(', ')}.`);
  }
  const username = typeof record.data['u'] === 'string' ? record.data['u'] : '';
  const user = record.userSub === null ? undefined : await deps.store.users.findUserBySub(pool.id, record.userSub);
  if (record.userSub !== null && user === undefined) throw unknownUser(call);
  checkSecretHash(deps, client, [responses?.['USERNAME'], username, user?.username], responses?.['SECRET_HASH']);
  if (isOtpFactor(answer)) {
    await consumeSession(deps, session, client, SELECT_CHALLENGE);
    await checkBeforePassword(call, username, user);
    return startOtpSignIn(call, user?.username ?? username, user, answer, responses?.['DEVICE_KEY']);
  }
  const secret = answer === 'PASSWORD' ? requireParam(responses, 'PASSWORD') : requireParam(responses, 'SRP_A');
  await consumeSession(deps, session, client, SELECT_CHALLENGE);
  if (answer === 'PASSWORD') return passwordStep(call, username, user, secret, responses?.['DEVICE_KEY']);
  return srpStep(call, user?.username ?? username, user, secret, responses?.['DEVICE_KEY']);
}

/** The step ConfirmSignUp leaves behind for USER_AUTH auto sign-in. */
export const AUTO_SIGN_IN = 'AUTO_SIGN_IN';

/** ConfirmSignUp's Session, when the client can use it (ALLOW_USER_AUTH). */
export async function autoSignInSession(call: AuthCall, user: UserRecord): Promise<string | undefined> {
  try {
    assertFlowAllowed(call.client, 'USER_AUTH', false);
  } catch {
    return undefined;
  }
  return createSession(call.deps, { client: call.client, userSub: user.sub, step: AUTO_SIGN_IN, data: {} });
}

/** InitiateAuth USER_AUTH with ConfirmSignUp's Session: tokens for the just-confirmed user. */
async function autoSignIn(call: AuthCall, params: Record<string, string> | undefined, session: string): Promise<AuthOutcome> {
  const { deps, pool, client } = call;
  const username = requireParam(params, 'USERNAME');
  const record = await consumeSession(deps, session, client, AUTO_SIGN_IN);
  const user = record.userSub === null ? undefined : await deps.store.users.findUserBySub(pool.id, record.userSub);
  if (user === undefined) throw invalidSession();
  checkSecretHash(deps, client, [username, user.username], params?.['SECRET_HASH']);
  const named = await resolveUser(deps.store, pool, username);
  if (named?.sub !== user.sub) throw invalidSession();
  if (!user.enabled) throw userDisabled();
  assertUserMaySignIn(call, user);
  await postAuthentication(deps, pool, client, user, false, call.clientMetadata);
  return { ChallengeParameters: {}, AuthenticationResult: await issueSignInTokens(deps, pool, client, user, { clientMetadata: call.clientMetadata }) };
}
