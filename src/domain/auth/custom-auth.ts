/**
 * CUSTOM_AUTH: the sign-in a pool's DefineAuthChallenge / CreateAuthChallenge /
 * VerifyAuthChallengeResponse functions run (Developer Guide, "Custom authentication challenge
 * Lambda triggers" and the three trigger pages).
 *
 * Define sees the challenges so far (`session`: challengeName, challengeResult, challengeMetadata)
 * and answers the next challenge, `issueTokens` or `failAuthentication`. CUSTOM_CHALLENGE: Create
 * makes it (publicChallengeParameters → ChallengeParameters; privateChallengeParameters kept,
 * sealed with the master key, in the challenge session for Verify), the caller answers ANSWER,
 * Verify says `answerCorrect`, and Define is asked again. With `CHALLENGE_NAME=SRP_A` the history
 * starts with SRP_A and Define may ask for PASSWORD_VERIFIER: the password is proved by SRP as in
 * USER_SRP_AUTH (sign-in.ts), then Define is asked again with PASSWORD_VERIFIER in the history.
 *
 * Each step lives in a single-use session that expires after the client's AuthSessionValidity.
 * Unknown users: LEGACY clients get UserNotFoundException; clients that hide user existence run
 * the functions with `userNotFound: true` and end with the wrong-password answer.
 */
import type { Deps } from '../context.ts';
import { CognitoError } from '../errors.ts';
import type { PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { open, seal } from '../crypto/sealed.ts';
import { booleanMember, isObject, runTrigger, triggerAttributes, triggerOf, unrecognizableOutput, type TriggerName } from '../triggers/run-trigger.ts';
import { answerNamesUser, checkSecretHash, incorrectCredentials, requireParam } from './client-rules.ts';
import { consumeSession, createSession, invalidSession, peekSession } from './sessions.ts';
import { deviceIfKnown, finish } from './second-factor.ts';
import type { AuthCall, AuthOutcome } from './sign-in.ts';

export const CUSTOM_CHALLENGE = 'CUSTOM_CHALLENGE';

/** One entry of the triggers' `request.session`. */
export interface ChallengeResult {
  challengeName: string;
  challengeResult: boolean;
  challengeMetadata?: string;
}

/**
 * Challenges one sign-in may go through. AWS documents no limit (the session's expiry bounds it);
 * this bound keeps a Define function that never decides from growing a session row without end.
 */
export const MAX_CUSTOM_CHALLENGES = 20;

/** What the CUSTOM_CHALLENGE session keeps. */
interface CustomState {
  /** The username the sign-in named (the user's Username when known). */
  u: string;
  /** The challenges so far. */
  h: ChallengeResult[];
  /** The privateChallengeParameters, sealed (base64). */
  pp: string;
  /** challengeMetadata of the pending challenge. */
  m?: string;
  /** DEVICE_KEY the sign-in presented. */
  dk?: string;
}

const PRIVATE_AAD = 'custom-challenge-private';

/** AWS's answer when CUSTOM_AUTH meets a pool without the custom challenge functions (as Cognito words it; its guide does not list it). */
const notConfigured = (): CognitoError => new CognitoError('InvalidParameterException', 'Custom auth lambda trigger is not configured for the user pool.');

/** The user a custom sign-in is for, or undefined: an unknown user on a client that hides user existence. */
export interface CustomSubject {
  user: UserRecord | undefined;
  username: string;
}

/** CUSTOM_AUTH needs the function that starts it, DefineAuthChallenge. */
export function assertCustomAuthConfigured(pool: PoolRecord): void {
  if (triggerOf(pool, 'DefineAuthChallenge') === undefined) throw notConfigured();
}

/** The request every custom challenge trigger gets; `clientMetadata` only from RespondToAuthChallenge. */
function baseRequest(call: AuthCall, subject: CustomSubject): Record<string, unknown> {
  return {
    userAttributes: subject.user !== undefined ? triggerAttributes(subject.user) : {},
    ...(call.clientMetadata !== undefined ? { clientMetadata: call.clientMetadata } : {}),
    userNotFound: subject.user === undefined,
  };
}

async function runChallengeTrigger(call: AuthCall, subject: CustomSubject, trigger: TriggerName, request: Record<string, unknown>): Promise<Record<string, unknown>> {
  const response = await runTrigger(call.deps, call.pool, trigger, {
    triggerSource: `${trigger}_Authentication`,
    userName: subject.user?.username ?? subject.username,
    clientId: call.client.id,
    request: { ...baseRequest(call, subject), ...request },
  });
  if (response === undefined) throw notConfigured();
  return response;
}

/** DefineAuthChallenge's decision. */
type CustomDecision = { kind: 'tokens' } | { kind: 'challenge'; name: string };

/** Asks DefineAuthChallenge what comes after `history`; a failed authentication throws the wrong-password answer. */
async function defineNext(call: AuthCall, subject: CustomSubject, history: ChallengeResult[]): Promise<CustomDecision> {
  if (history.length > MAX_CUSTOM_CHALLENGES) throw incorrectCredentials();
  const response = await runChallengeTrigger(call, subject, 'DefineAuthChallenge', { session: history });
  const fail = booleanMember(response, 'failAuthentication');
  const tokens = booleanMember(response, 'issueTokens');
  if (fail) throw incorrectCredentials();
  if (tokens) {
    if (subject.user === undefined) throw incorrectCredentials();
    return { kind: 'tokens' };
  }
  const name = response['challengeName'];
  if (typeof name !== 'string' || name === '') throw unrecognizableOutput();
  return { kind: 'challenge', name };
}

/** String maps of Create's answer: strings as they are, numbers and booleans as their text, anything else refused. */
function stringMap(value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw unrecognizableOutput();
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
    else if (v !== null && v !== undefined) throw unrecognizableOutput();
  }
  return out;
}

/**
 * Carries the sign-in on after Define's decision: tokens, a new CUSTOM_CHALLENGE, or (only with
 * `passwordVerifier`, i.e. after SRP_A) the PASSWORD_VERIFIER challenge.
 */
export async function continueCustomAuth(
  call: AuthCall,
  subject: CustomSubject,
  history: ChallengeResult[],
  deviceKey: string | undefined,
  passwordVerifier?: () => Promise<AuthOutcome>,
): Promise<AuthOutcome> {
  const decision = await defineNext(call, subject, history);
  if (decision.kind === 'tokens') {
    const user = subject.user as UserRecord;
    return finish(call, user, (await deviceIfKnown(call, user, deviceKey))?.deviceKey);
  }
  if (decision.name === 'PASSWORD_VERIFIER' && passwordVerifier !== undefined) return passwordVerifier();
  if (decision.name !== CUSTOM_CHALLENGE) {
    if (['PASSWORD_VERIFIER', 'SMS_MFA', 'SOFTWARE_TOKEN_MFA', 'DEVICE_SRP_AUTH', 'DEVICE_PASSWORD_VERIFIER', 'ADMIN_NO_SRP_AUTH'].includes(decision.name)) {
      throw new CognitoError(
        'UnsupportedOperationException',
        `DefineAuthChallenge answered challengeName ${decision.name}: this server (Userpool) runs CUSTOM_CHALLENGE, and PASSWORD_VERIFIER right after SRP_A (InitiateAuth with CHALLENGE_NAME=SRP_A).`,
      );
    }
    throw unrecognizableOutput();
  }
  return createCustomChallenge(call, subject, history, deviceKey);
}

async function createCustomChallenge(call: AuthCall, subject: CustomSubject, history: ChallengeResult[], deviceKey: string | undefined): Promise<AuthOutcome> {
  const { deps, client } = call;
  const response = await runChallengeTrigger(call, subject, 'CreateAuthChallenge', { challengeName: CUSTOM_CHALLENGE, session: history });
  const publicParameters = stringMap(response['publicChallengeParameters']);
  const privateParameters = stringMap(response['privateChallengeParameters']);
  const metadata = response['challengeMetadata'];
  if (metadata !== undefined && metadata !== null && typeof metadata !== 'string') throw unrecognizableOutput();
  const username = subject.user?.username ?? subject.username;
  const state: CustomState = {
    u: username,
    h: history,
    pp: sealPrivate(deps, privateParameters),
    ...(typeof metadata === 'string' ? { m: metadata } : {}),
    ...(deviceKey !== undefined && deviceKey !== '' ? { dk: deviceKey } : {}),
  };
  const session = await createSession(deps, { client, userSub: subject.user?.sub ?? null, step: CUSTOM_CHALLENGE, data: state as unknown as Record<string, unknown> });
  return { ChallengeName: CUSTOM_CHALLENGE, Session: session, ChallengeParameters: { ...publicParameters, USERNAME: username } };
}

const sealPrivate = (deps: Deps, parameters: Record<string, string>): string => seal(deps.masterKey, Buffer.from(JSON.stringify(parameters), 'utf8'), PRIVATE_AAD).toString('base64');

function openPrivate(deps: Deps, sealed: string): Record<string, string> {
  try {
    return JSON.parse(open(deps.masterKey, Buffer.from(sealed, 'base64'), PRIVATE_AAD).toString('utf8')) as Record<string, string>;
  } catch {
    throw invalidSession();
  }
}

/** RespondToAuthChallenge CUSTOM_CHALLENGE: VerifyAuthChallengeResponse judges ANSWER, then Define decides again. */
export async function answerCustomChallenge(call: AuthCall, responses: Record<string, string> | undefined, session: string | undefined): Promise<AuthOutcome> {
  const { deps, pool, client } = call;
  if (session === undefined || session === '') throw new CognitoError('InvalidParameterException', 'Missing required parameter Session');
  const answer = requireParam(responses, 'ANSWER');
  const record = await peekSession(deps, session, client, CUSTOM_CHALLENGE);
  const state = record.data as unknown as CustomState;
  const user = record.userSub === null ? undefined : await deps.store.users.findUserBySub(pool.id, record.userSub);
  if (record.userSub !== null && user === undefined) throw invalidSession();
  const given = responses?.['USERNAME'];
  if (!(await answerNamesUser(deps, pool, given, state.u, user))) throw invalidSession();
  checkSecretHash(deps, client, [given, state.u], responses?.['SECRET_HASH']);
  if (user !== undefined && !user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
  await consumeSession(deps, session, client, CUSTOM_CHALLENGE);

  const subject: CustomSubject = { user, username: state.u };
  const verdict = await runChallengeTrigger(call, subject, 'VerifyAuthChallengeResponse', {
    privateChallengeParameters: openPrivate(deps, state.pp),
    challengeAnswer: answer,
  });
  const correct = booleanMember(verdict, 'answerCorrect');
  const entry: ChallengeResult = { challengeName: CUSTOM_CHALLENGE, challengeResult: correct, ...(state.m !== undefined ? { challengeMetadata: state.m } : {}) };
  const deviceKey = responses?.['DEVICE_KEY'] || state.dk;
  return continueCustomAuth(call, subject, [...state.h, entry], deviceKey);
}
