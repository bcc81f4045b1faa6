/**
 * Sign-in after the password step (spec/auth.md §A.4, §C): multi-factor challenges, MFA set-up,
 * remembered-device authentication, and the tokens at the end.
 *
 * Order: password (+ NEW_PASSWORD_REQUIRED) → MFA challenge, unless a remembered device stands in
 * for it (pool DeviceConfiguration.ChallengeRequiredOnNewDevice) → DEVICE_SRP_AUTH /
 * DEVICE_PASSWORD_VERIFIER for a remembered device → tokens (`device_key` claim; for a device the
 * sign-in did not identify, NewDeviceMetadata when the pool tracks devices).
 *
 * Which MFA challenge: OFF — none. OPTIONAL — the factors the user switched on (SMS via
 * MFAOptions / SetUserMFAPreference, TOTP, email) that the pool offers. ON — the same, or, when
 * the user switched none on, those the user can use anyway (a phone number for SMS, an email
 * address for email, a verified authenticator), else MFA_SETUP. One factor, or the preferred one:
 * that challenge; several: SELECT_MFA_TYPE.
 *
 * Each step lives in a single-use session; a wrong code counts against the session, which ends
 * after {@link MAX_WRONG_ANSWERS} (`Invalid session for the user, session is expired.`).
 */
import type { Deps } from '../context.ts';
import type { NewDeviceMetadataType } from '../../generated/shapes.ts';
import { CognitoError } from '../errors.ts';
import type { AuthSessionRecord, ClientRecord, DeviceRecord, MfaFactor, PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { deviceGroupKeyOf, deviceNotFound, deviceSettingsOf, findUserDevice, newDeviceKey, openDeviceVerifier, recordDeviceSignIn, requireUserDevice } from '../devices/devices.ts';
import { claimGuess, clearGuesses, consumeCode, issueCode } from '../messaging/codes.ts';
import { deliverMessage } from '../messaging/deliver.ts';
import { MFA_FACTORS, poolFactors, poolMfaMode } from '../mfa/pool-mfa.ts';
import { associateSoftwareToken, checkTotpCode, factorReachable, loadUserMfa, setMfaPreference, totpAlreadyUsed, usableFactors, verifySoftwareToken } from '../mfa/user-mfa.ts';
import { parseSrpA } from '../passwords/srp.ts';
import { issueSignInTokens, type SignInTokenOptions } from '../tokens/issue.ts';
import { tokenValidityOf } from '../tokens/validity.ts';
import { isEmailFormat } from '../users/username.ts';
import { saveUserChecked } from '../users/write.ts';
import { answerNamesUser, checkSecretHash, incorrectCredentials, requireParam } from './client-rules.ts';
import { consumeSession, countWrongAnswer, createSession, invalidSession, newSessionId, peekSession } from './sessions.ts';
import { openPasswordClaim, passwordClaimMatches, passwordClaimOf, sealSecretBlock, srpServerStep } from './srp-challenge.ts';
import type { AuthCall, AuthOutcome } from './sign-in.ts';
import { postAuthentication } from './auth-triggers.ts';

export const MFA_SETUP = 'MFA_SETUP';
/** MFA_SETUP after VerifySoftwareToken(Session): RespondToAuthChallenge MFA_SETUP finishes the sign-in. */
const MFA_SETUP_VERIFIED = 'MFA_SETUP_VERIFIED';
export const SELECT_MFA_TYPE = 'SELECT_MFA_TYPE';
export const DEVICE_SRP_AUTH = 'DEVICE_SRP_AUTH';
export const DEVICE_PASSWORD_VERIFIER = 'DEVICE_PASSWORD_VERIFIER';

/** Wrong codes a challenge session takes before it ends. */
export const MAX_WRONG_ANSWERS = 3;

/** What a sign-in carries from step to step (session data). */
interface FlowState {
  /** The device the sign-in identified (a known DEVICE_KEY of the user). */
  dk?: string;
  /** Device SRP still to do (the device is remembered). */
  ds?: 1;
  /** The factors offered (SELECT_MFA_TYPE, MFA_SETUP). */
  c?: MfaFactor[];
  /** MFA_SETUP by email: the address being set up. */
  se?: string;
  /** The sign-in answered NEW_PASSWORD_REQUIRED (pre token generation: TokenGeneration_NewPasswordChallenge). */
  np?: 1;
}

const CODE_PURPOSE: Record<'SMS_MFA' | 'EMAIL_OTP', string> = { SMS_MFA: 'MFA_SMS', EMAIL_OTP: 'MFA_EMAIL' };

const userDisabled = (): CognitoError => new CognitoError('NotAuthorizedException', 'User is disabled.');

/**
 * The device a sign-in presents (`DEVICE_KEY`): undefined when none or when the pool does not
 * track devices; `ResourceNotFoundException: Device does not exist.` for a key that is not one of
 * the user's devices (clients then drop the key and retry).
 */
export async function presentedDevice(call: AuthCall, user: UserRecord, deviceKey: string | undefined): Promise<DeviceRecord | undefined> {
  if (deviceKey === undefined || deviceKey === '' || !deviceSettingsOf(call.pool).tracking) return undefined;
  return requireUserDevice(call.deps.store, user, deviceKey);
}

/** The device a session remembered, if it still exists. */
export async function deviceOfState(call: AuthCall, user: UserRecord, data: Record<string, unknown>): Promise<DeviceRecord | undefined> {
  const dk = data['dk'];
  return typeof dk === 'string' ? findUserDevice(call.deps.store, user, dk) : undefined;
}

/** After the password (and any new password, `newPassword`): MFA, device authentication, or tokens. */
export async function continueSignIn(call: AuthCall, user: UserRecord, device: DeviceRecord | undefined, newPassword = false): Promise<AuthOutcome> {
  const state: FlowState = newPassword ? { np: 1 } : {};
  if (device !== undefined) state.dk = device.deviceKey;
  const deviceSrp = device !== undefined && device.status === 'remembered' && device.verifierSealed !== null;
  if (deviceSrp) state.ds = 1;
  const mfaWaived = deviceSrp && deviceSettingsOf(call.pool).challengeRequiredOnNewDevice;
  if (!mfaWaived) {
    const challenge = await mfaChallenge(call, user, state);
    if (challenge !== undefined) return challenge;
  }
  return afterMfa(call, user, state);
}

async function afterMfa(call: AuthCall, user: UserRecord, state: FlowState): Promise<AuthOutcome> {
  if (state.ds === 1 && state.dk !== undefined) {
    const session = await createSession(call.deps, { client: call.client, userSub: user.sub, step: DEVICE_SRP_AUTH, data: { dk: state.dk } });
    return { ChallengeName: DEVICE_SRP_AUTH, Session: session, ChallengeParameters: {} };
  }
  return finish(call, user, state.dk, state.np === 1 ? 'TokenGeneration_NewPasswordChallenge' : 'TokenGeneration_Authentication');
}

/** The tokens; a sign-in on a device the pool does not know yet gets NewDeviceMetadata. */
export async function finish(call: AuthCall, user: UserRecord, knownDeviceKey: string | undefined, source: NonNullable<SignInTokenOptions['triggerSource']> = 'TokenGeneration_Authentication'): Promise<AuthOutcome> {
  const { deps, pool, client } = call;
  const tracking = deviceSettingsOf(pool).tracking;
  let deviceKey = tracking ? knownDeviceKey : undefined;
  let metadata: NewDeviceMetadataType | undefined;
  if (tracking && deviceKey === undefined) {
    deviceKey = newDeviceKey(pool.id);
    metadata = { DeviceKey: deviceKey, DeviceGroupKey: deviceGroupKeyOf(deps, pool.id, deviceKey) };
  }
  await postAuthentication(deps, pool, client, user, metadata !== undefined, call.clientMetadata);
  const result = await issueSignInTokens(deps, pool, client, user, { deviceKey, triggerSource: source, clientMetadata: call.clientMetadata, withoutPreTokenGeneration: call.hostedUi === true });
  if (metadata !== undefined) result.NewDeviceMetadata = metadata;
  return { ChallengeParameters: {}, AuthenticationResult: result };
}

// ---- choosing and issuing the MFA challenge ----

async function mfaChallenge(call: AuthCall, user: UserRecord, state: FlowState): Promise<AuthOutcome | undefined> {
  const mode = poolMfaMode(call.pool);
  if (mode === 'OFF') return undefined;
  const view = await loadUserMfa(call.deps.store, user);
  let factors = usableFactors(call.pool, user, view);
  if (factors.length === 0) {
    if (mode !== 'ON') return undefined;
    const offered = poolFactors(call.pool);
    factors = MFA_FACTORS.filter((f) => offered.has(f) && factorReachable(user, view, f));
    if (factors.length === 0) return mfaSetup(call, user, state, MFA_FACTORS.filter((f) => offered.has(f)));
  }
  const pick = view.preferred !== undefined && factors.includes(view.preferred) ? view.preferred : factors.length === 1 ? factors[0] : undefined;
  if (pick !== undefined) return factorChallenge(call, user, pick, state);
  const session = await createSession(call.deps, { client: call.client, userSub: user.sub, step: SELECT_MFA_TYPE, data: { ...state, c: factors } });
  return { ChallengeName: SELECT_MFA_TYPE, Session: session, ChallengeParameters: { MFAS_CAN_CHOOSE: JSON.stringify(factors), USER_ID_FOR_SRP: user.username } };
}

async function mfaSetup(call: AuthCall, user: UserRecord, state: FlowState, canSetUp: MfaFactor[]): Promise<AuthOutcome> {
  const session = await createSession(call.deps, { client: call.client, userSub: user.sub, step: MFA_SETUP, data: { ...state, c: canSetUp } });
  return { ChallengeName: MFA_SETUP, Session: session, ChallengeParameters: { MFAS_CAN_SETUP: JSON.stringify(canSetUp), USER_ID_FOR_SRP: user.username } };
}

/** Issues one factor's challenge; SMS and email codes go out through the message delivery first. */
async function factorChallenge(call: AuthCall, user: UserRecord, factor: MfaFactor, state: FlowState): Promise<AuthOutcome> {
  const { deps, pool, client } = call;
  const data = { ...carried(state), ...(state.se !== undefined ? { se: state.se } : {}) };
  if (factor === 'SOFTWARE_TOKEN_MFA') {
    const view = await loadUserMfa(deps.store, user);
    const session = await createSession(deps, { client, userSub: user.sub, step: factor, data });
    const params: Record<string, string> = { USER_ID_FOR_SRP: user.username };
    const name = view.record?.totpName;
    if (name) params['FRIENDLY_DEVICE_NAME'] = name;
    return { ChallengeName: factor, Session: session, ChallengeParameters: params };
  }
  const channel = factor === 'SMS_MFA' ? 'SMS' : 'EMAIL';
  const destination = await sendSignInCode(call, user, CODE_PURPOSE[factor], channel, state.se);
  const session = await createSession(deps, { client, userSub: user.sub, step: factor, data });
  return {
    ChallengeName: factor,
    Session: session,
    ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: channel, CODE_DELIVERY_DESTINATION: destination },
  };
}

/**
 * Issues a sign-in code (valid for the client's AuthSessionValidity) and sends it as an
 * AUTHENTICATION message, to `destination` or the user's address for the channel; answers the
 * masked destination (CODE_DELIVERY_DESTINATION). MFA codes and passwordless sign-in codes both.
 */
export async function sendSignInCode(call: AuthCall, user: UserRecord, purpose: string, channel: 'SMS' | 'EMAIL', destination?: string): Promise<string> {
  const { deps, pool, client } = call;
  const code = await issueCode(deps.store, user, purpose, tokenValidityOf(client).authSession * 1000, deps);
  const details = await deliverMessage(deps, pool, user, {
    kind: 'AUTHENTICATION',
    channel,
    code,
    clientId: client.id,
    clientMetadata: call.clientMetadata,
    ...(destination !== undefined ? { destination } : {}),
    ...(call.log !== undefined ? { log: call.log } : {}),
  });
  return details.Destination ?? '';
}

/** The user's device `deviceKey` names, or undefined: none given, or a key this user does not have (dropped, not refused: the sign-in then gets a new device). */
export async function deviceIfKnown(call: AuthCall, user: UserRecord, deviceKey: string | undefined): Promise<DeviceRecord | undefined> {
  return deviceKey === undefined || deviceKey === '' ? undefined : presentedDevice(call, user, deviceKey).catch(() => undefined);
}

// ---- answers ----

interface OpenStep {
  record: AuthSessionRecord;
  user: UserRecord;
  state: FlowState;
}

/**
 * The live session of one of `steps` for this client, its user, and the checks every answer
 * gets (USERNAME names the session's user, SECRET_HASH, user enabled) — before anything changes.
 */
async function openStep(call: AuthCall, session: string | undefined, steps: string | readonly string[], responses: Record<string, string> | undefined): Promise<OpenStep> {
  const { deps, pool, client } = call;
  if (session === undefined || session === '') throw new CognitoError('InvalidParameterException', 'Missing required parameter Session');
  const record = await peekSession(deps, session, client, steps);
  const user = record.userSub === null ? undefined : await deps.store.users.findUserBySub(pool.id, record.userSub);
  if (user === undefined) throw invalidSession();
  const given = responses?.['USERNAME'];
  if (!(await answerNamesUser(deps, pool, given, user.username, user))) throw invalidSession();
  checkSecretHash(deps, client, [given, user.username], responses?.['SECRET_HASH']);
  if (!user.enabled) throw userDisabled();
  return { record, user, state: record.data as FlowState };
}

const carried = (state: FlowState): FlowState => ({
  ...(state.dk !== undefined ? { dk: state.dk } : {}),
  ...(state.ds !== undefined ? { ds: state.ds } : {}),
  ...(state.np !== undefined ? { np: state.np } : {}),
});

/** RespondToAuthChallenge for SMS_MFA, EMAIL_OTP, SOFTWARE_TOKEN_MFA, SELECT_MFA_TYPE, MFA_SETUP and the device challenges. */
export async function respondToSecondFactor(call: AuthCall, challengeName: string, responses: Record<string, string> | undefined, session: string | undefined): Promise<AuthOutcome> {
  switch (challengeName) {
    case 'SMS_MFA':
      return answerCode(call, 'SMS_MFA', responses, session);
    case 'EMAIL_OTP':
      return answerCode(call, 'EMAIL_OTP', responses, session);
    case 'SOFTWARE_TOKEN_MFA':
      return answerTotp(call, responses, session);
    case SELECT_MFA_TYPE:
      return answerSelect(call, responses, session);
    case MFA_SETUP:
      return answerSetup(call, responses, session);
    case DEVICE_SRP_AUTH:
      return answerDeviceSrp(call, responses, session);
    case DEVICE_PASSWORD_VERIFIER:
      return answerDevicePasswordVerifier(call, responses, session);
    default:
      throw invalidSession();
  }
}

async function answerCode(call: AuthCall, factor: 'SMS_MFA' | 'EMAIL_OTP', responses: Record<string, string> | undefined, session: string | undefined): Promise<AuthOutcome> {
  const { deps } = call;
  const name = factor === 'SMS_MFA' ? 'SMS_MFA_CODE' : 'EMAIL_OTP_CODE';
  const code = responses?.[name] || (factor === 'EMAIL_OTP' ? responses?.['EMAIL_MFA_CODE'] : undefined);
  if (code === undefined || code === '') throw new CognitoError('InvalidParameterException', `Missing required parameter ${name}`);
  const { record, user, state } = await openStep(call, session, factor, responses);
  const mismatch = new CognitoError('CodeMismatchException', 'Invalid code or auth state for the user.');
  if (!/^\d{6,8}$/.test(code)) throw mismatch;
  if ((await consumeCode(deps.store, user, CODE_PURPOSE[factor], code, deps)) !== 'ok') {
    await countWrongAnswer(deps, record, MAX_WRONG_ANSWERS);
    throw mismatch;
  }
  await consumeSession(deps, session ?? '', call.client, factor);
  if (state.se !== undefined) await completeEmailSetup(call, user, state.se);
  return afterMfa(call, user, carried(state));
}

async function answerTotp(call: AuthCall, responses: Record<string, string> | undefined, session: string | undefined): Promise<AuthOutcome> {
  const { deps } = call;
  const code = requireParam(responses, 'SOFTWARE_TOKEN_MFA_CODE');
  const { record, user, state } = await openStep(call, session, 'SOFTWARE_TOKEN_MFA', responses);
  const mismatch = new CognitoError('CodeMismatchException', 'Invalid code received for user');
  if (!/^\d{6}$/.test(code)) throw mismatch;
  // Guesses count per user across sessions, claimed before the check (parallel answers included).
  if (!(await claimGuess(deps.store, user, 'TOTP', deps))) {
    await countWrongAnswer(deps, record, MAX_WRONG_ANSWERS);
    throw mismatch;
  }
  switch (await checkTotpCode(deps, user, code)) {
    case 'none':
      throw new CognitoError('SoftwareTokenMFANotFoundException', 'Software token MFA has not been set up for the user.');
    case 'used':
      throw totpAlreadyUsed();
    case 'mismatch':
      await countWrongAnswer(deps, record, MAX_WRONG_ANSWERS);
      throw mismatch;
    case 'ok':
      break;
  }
  await clearGuesses(deps.store, user, 'TOTP');
  await consumeSession(deps, session ?? '', call.client, 'SOFTWARE_TOKEN_MFA');
  return afterMfa(call, user, carried(state));
}

async function answerSelect(call: AuthCall, responses: Record<string, string> | undefined, session: string | undefined): Promise<AuthOutcome> {
  const answer = requireParam(responses, 'ANSWER');
  const factor = (answer === 'EMAIL_MFA' ? 'EMAIL_OTP' : answer) as MfaFactor;
  if (!MFA_FACTORS.includes(factor)) throw new CognitoError('InvalidParameterException', `Invalid ANSWER ${answer}: the answer to SELECT_MFA_TYPE is SMS_MFA, SOFTWARE_TOKEN_MFA or EMAIL_OTP.`);
  const { user, state } = await openStep(call, session, SELECT_MFA_TYPE, responses);
  if (!(state.c ?? []).includes(factor)) throw new CognitoError('MFAMethodNotFoundException', `${answer} is not one of the MFA methods the user can choose: ${(state.c ?? []).join(', ')}.`);
  await consumeSession(call.deps, session ?? '', call.client, SELECT_MFA_TYPE);
  return factorChallenge(call, user, factor, carried(state));
}

async function answerSetup(call: AuthCall, responses: Record<string, string> | undefined, session: string | undefined): Promise<AuthOutcome> {
  const { record, user, state } = await openStep(call, session, [MFA_SETUP, MFA_SETUP_VERIFIED], responses);
  if (record.step === MFA_SETUP_VERIFIED) {
    await consumeSession(call.deps, session ?? '', call.client, MFA_SETUP_VERIFIED);
    return afterMfa(call, user, carried(state));
  }
  const email = responses?.['EMAIL'];
  if (email !== undefined && email !== '' && (state.c ?? []).includes('EMAIL_OTP')) {
    if (!isEmailFormat(email)) throw new CognitoError('InvalidParameterException', 'Invalid email address format.');
    await consumeSession(call.deps, session ?? '', call.client, MFA_SETUP);
    return factorChallenge(call, user, 'EMAIL_OTP', { ...carried(state), se: email });
  }
  throw new CognitoError('InvalidParameterException', 
    (state.c ?? []).includes('SOFTWARE_TOKEN_MFA')
      ? 'MFA has not been set up: call AssociateSoftwareToken and VerifySoftwareToken with the Session, then answer MFA_SETUP with the Session VerifySoftwareToken returned.'
      : `MFA has not been set up; the user can set up: ${(state.c ?? []).join(', ')}.`,
  );
}

/** MFA_SETUP by email, after the code came back: the address becomes the user's verified email, and email MFA is on. */
async function completeEmailSetup(call: AuthCall, user: UserRecord, email: string): Promise<void> {
  const { deps, pool } = call;
  if (user.attributes['email'] !== email || user.attributes['email_verified'] !== 'true') {
    user.attributes = { ...user.attributes, email, email_verified: 'true' };
    user.updatedAt = deps.now();
    await saveUserChecked(deps.store, pool, user, { now: user.updatedAt });
  }
  await setMfaPreference(deps, user, { EmailMfaSettings: { Enabled: true } });
}

// ---- MFA_SETUP by software token: AssociateSoftwareToken / VerifySoftwareToken with the Session ----

interface SetupSession {
  record: AuthSessionRecord;
  pool: PoolRecord;
  client: ClientRecord;
  user: UserRecord;
}

async function setupSession(deps: Deps, session: string): Promise<SetupSession> {
  const record = await peekSession(deps, session, undefined, MFA_SETUP);
  const [pool, client, user] = await Promise.all([
    deps.store.pools.findPool(record.poolId),
    deps.store.clients.findClient(record.poolId, record.clientId),
    record.userSub === null ? Promise.resolve(undefined) : deps.store.users.findUserBySub(record.poolId, record.userSub),
  ]);
  if (pool === undefined || client === undefined || user === undefined) throw invalidSession();
  if (!user.enabled) throw userDisabled();
  if (!((record.data as FlowState).c ?? []).includes('SOFTWARE_TOKEN_MFA')) {
    throw new CognitoError('SoftwareTokenMFANotFoundException', 'Software Token MFA has not been enabled by the userPool.');
  }
  return { record, pool, client, user };
}

/** AssociateSoftwareToken(Session): the secret, and the MFA_SETUP session renewed for VerifySoftwareToken. */
export async function associateWithSession(deps: Deps, session: string): Promise<{ SecretCode: string; Session: string }> {
  const { record, pool, client, user } = await setupSession(deps, session);
  const secret = await associateSoftwareToken(deps, pool, user);
  await consumeSession(deps, session, client, MFA_SETUP);
  const next = await createSession(deps, { client, userSub: user.sub, step: MFA_SETUP, data: record.data });
  return { SecretCode: secret, Session: next };
}

/** VerifySoftwareToken(Session): the authenticator is set up and switched on; the Session answers MFA_SETUP. */
export async function verifyWithSession(deps: Deps, session: string, code: string, friendlyName: string | undefined): Promise<{ Status: 'SUCCESS'; Session: string }> {
  const { record, pool, client, user } = await setupSession(deps, session);
  try {
    await verifySoftwareToken(deps, pool, user, code, friendlyName, true);
  } catch (err) {
    if (err instanceof CognitoError && err.type === 'EnableSoftwareTokenMFAException') await countWrongAnswer(deps, record, MAX_WRONG_ANSWERS);
    throw err;
  }
  await consumeSession(deps, session, client, MFA_SETUP);
  const next = await createSession(deps, { client, userSub: user.sub, step: MFA_SETUP_VERIFIED, data: carried(record.data as FlowState) as Record<string, unknown> });
  return { Status: 'SUCCESS', Session: next };
}

// ---- remembered devices: DEVICE_SRP_AUTH → DEVICE_PASSWORD_VERIFIER ----

async function answerDeviceSrp(call: AuthCall, responses: Record<string, string> | undefined, session: string | undefined): Promise<AuthOutcome> {
  const { deps, pool, client } = call;
  const deviceKey = requireParam(responses, 'DEVICE_KEY');
  const srpA = requireParam(responses, 'SRP_A');
  const { user, state } = await openStep(call, session, DEVICE_SRP_AUTH, responses);
  if (state.dk !== deviceKey) throw deviceNotFound();
  const device = await findUserDevice(deps.store, user, deviceKey);
  const verifier = device === undefined ? undefined : openDeviceVerifier(deps.masterKey, device);
  if (verifier === undefined) throw deviceNotFound();
  const A = parseSrpA(srpA);
  if (A === undefined) throw new CognitoError('NotAuthorizedException', 'Invalid SRP_A: A mod N must not be 0.');
  await consumeSession(deps, session ?? '', client, DEVICE_SRP_AUTH);
  const step = srpServerStep(verifier);
  const sessionId = newSessionId();
  await createSession(deps, { id: sessionId, client, userSub: user.sub, step: DEVICE_PASSWORD_VERIFIER, data: { dk: deviceKey, A: A.toString(16), B: step.B.toString(16) } });
  return {
    ChallengeName: DEVICE_PASSWORD_VERIFIER,
    Session: sessionId,
    ChallengeParameters: {
      DEVICE_KEY: deviceKey,
      SALT: step.saltHex,
      SECRET_BLOCK: sealSecretBlock(deps, pool, client, sessionId, step.b),
      SRP_B: step.B.toString(16),
      USERNAME: user.username,
    },
  };
}

/** The device's SRP proof (poolName := DeviceGroupKey, userId := DeviceKey); state from the SECRET_BLOCK, as for PASSWORD_VERIFIER. */
async function answerDevicePasswordVerifier(call: AuthCall, responses: Record<string, string> | undefined, session: string | undefined): Promise<AuthOutcome> {
  const { deps, pool, client } = call;
  const claim = passwordClaimOf(responses);
  const deviceKey = requireParam(responses, 'DEVICE_KEY');
  const block = openPasswordClaim(deps, pool, client, claim, session);
  const { user, state } = await openStep(call, block.sessionId, DEVICE_PASSWORD_VERIFIER, responses);
  if (state.dk !== deviceKey) throw deviceNotFound();
  const device = await findUserDevice(deps.store, user, deviceKey);
  const verifier = device === undefined ? undefined : openDeviceVerifier(deps.masterKey, device);
  if (device === undefined || verifier === undefined) throw deviceNotFound();
  const record = await consumeSession(deps, block.sessionId, client, DEVICE_PASSWORD_VERIFIER);
  const data = record.data as { A?: string; B?: string };
  if (!passwordClaimMatches(claim, block, data, { poolName: device.deviceGroupKey, userId: deviceKey, verifier: verifier.verifier })) throw incorrectCredentials();
  await recordDeviceSignIn(deps, device, call.sourceIp);
  return finish(call, user, deviceKey, 'TokenGeneration_AuthenticateDevice');
}
