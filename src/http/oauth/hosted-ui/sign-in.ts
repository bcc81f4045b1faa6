/**
 * Hosted sign-in through the SAME domain code as InitiateAuth / RespondToAuthChallenge
 * (src/domain/auth/sign-in.ts): password check, lockout, user state, NEW_PASSWORD_REQUIRED, MFA
 * (SMS, email, TOTP, SELECT_MFA_TYPE, TOTP set-up) — the hosted pages are one more client of it.
 *
 * Two adaptations, both outside the domain code: the app client is presented with
 * USER_PASSWORD_AUTH allowed (the hosted pages are not gated by ExplicitAuthFlows on AWS either),
 * and SECRET_HASH is computed here from the client's own secret (the browser never has it). When
 * the domain code finishes with tokens, they are API tokens the browser must never see: only the
 * user and the sign-in time are kept, and that refresh token is deleted at once — the OAuth
 * tokens are minted afterwards by the authorization response.
 */
import type { Deps } from '../../../domain/context.ts';
import { clientSecrets, computeSecretHash } from '../../../domain/auth/client-rules.ts';
import { associateWithSession, verifyWithSession } from '../../../domain/auth/second-factor.ts';
import { initiateAuth, respondToAuthChallenge, type AuthCall, type AuthOutcome } from '../../../domain/auth/sign-in.ts';
import { refreshTokenHash } from '../../../domain/tokens/refresh-tokens.ts';
import { CognitoError } from '../../../domain/errors.ts';
import { UnsupportedSignInStep } from '../../../domain/oauth/errors.ts';
import type { ClientRecord, PoolRecord, UserRecord } from '../../../storage/ports/index.ts';

export interface HostedCall {
  deps: Deps;
  pool: PoolRecord;
  client: ClientRecord;
  sourceIp?: string;
  log?: { warn(obj: object, msg?: string): void };
}

export type HostedStep =
  | { kind: 'done'; user: UserRecord; authTime: number }
  | {
      kind: 'challenge';
      name: string;
      session: string;
      /** The name the next answer is given with (the real Username once the server named it). */
      username: string;
      parameters: Record<string, string>;
      /** MFA_SETUP: the TOTP secret to enter in an authenticator app. */
      secretCode?: string;
    };

function authCall(call: HostedCall): AuthCall {
  const client: ClientRecord = { ...call.client, config: { ...call.client.config, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] } };
  return {
    deps: call.deps,
    pool: call.pool,
    client,
    admin: false,
    hostedUi: true,
    ...(call.sourceIp !== undefined ? { sourceIp: call.sourceIp } : {}),
    ...(call.log !== undefined ? { log: call.log } : {}),
  };
}

function withSecretHash(call: HostedCall, username: string, params: Record<string, string>): Record<string, string> {
  const [secret] = clientSecrets(call.deps, call.client);
  return secret === undefined ? params : { ...params, SECRET_HASH: computeSecretHash(secret, username, call.client.id) };
}

async function stepOf(call: HostedCall, outcome: AuthOutcome, username: string): Promise<HostedStep> {
  const result = outcome.AuthenticationResult;
  if (result !== undefined) {
    const token = result.RefreshToken;
    const record = token === undefined ? undefined : await call.deps.store.auth.findRefreshToken(refreshTokenHash(token));
    if (record === undefined) throw new Error('hosted sign-in: the sign-in produced no refresh token record');
    await call.deps.store.auth.deleteRefreshToken(record.tokenHash);
    const user = await call.deps.store.users.findUserBySub(call.pool.id, record.userSub);
    if (user === undefined) throw new CognitoError('UserNotFoundException', 'User does not exist.');
    return { kind: 'done', user, authTime: record.authTime };
  }
  const name = outcome.ChallengeName ?? '';
  const session = outcome.Session ?? '';
  const parameters = outcome.ChallengeParameters ?? {};
  const next = parameters['USER_ID_FOR_SRP'] ?? parameters['USERNAME'] ?? username;
  switch (name) {
    case 'NEW_PASSWORD_REQUIRED':
    case 'SMS_MFA':
    case 'EMAIL_OTP':
    case 'SOFTWARE_TOKEN_MFA':
    case 'SELECT_MFA_TYPE':
      return { kind: 'challenge', name, session, username: next, parameters };
    case 'MFA_SETUP': {
      const offered = JSON.parse(parameters['MFAS_CAN_SETUP'] ?? '[]') as string[];
      if (!offered.includes('SOFTWARE_TOKEN_MFA')) {
        throw new UnsupportedSignInStep('Multi-factor authentication must be set up before you can sign in, and this user pool offers only email set-up, which these hosted pages do not support. Set up MFA through the API (RespondToAuthChallenge MFA_SETUP), then sign in here.');
      }
      const associated = await associateWithSession(call.deps, session);
      return { kind: 'challenge', name, session: associated.Session, username: next, parameters, secretCode: associated.SecretCode };
    }
    default:
      throw new UnsupportedSignInStep(`The sign-in needs a ${name} step, which these hosted pages do not support. Sign in through the API (InitiateAuth / RespondToAuthChallenge) instead.`);
  }
}

/** Username + password, as InitiateAuth USER_PASSWORD_AUTH. */
export async function hostedPasswordSignIn(call: HostedCall, username: string, password: string): Promise<HostedStep> {
  const outcome = await initiateAuth(authCall(call), 'USER_PASSWORD_AUTH', withSecretHash(call, username, { USERNAME: username, PASSWORD: password }));
  return stepOf(call, outcome, username);
}

/** The answer to a challenge page, as RespondToAuthChallenge. `answer` holds the form's fields. */
export async function hostedRespond(call: HostedCall, challenge: string, username: string, session: string, answer: Record<string, string>): Promise<HostedStep> {
  const base = (extra: Record<string, string>): Record<string, string> => withSecretHash(call, username, { USERNAME: username, ...extra });
  const code = answer['code'] ?? '';
  let outcome: AuthOutcome;
  switch (challenge) {
    case 'NEW_PASSWORD_REQUIRED': {
      const attrs: Record<string, string> = {};
      for (const [k, v] of Object.entries(answer)) if (k.startsWith('userAttributes.') && v !== '') attrs[k] = v;
      outcome = await respondToAuthChallenge(authCall(call), challenge, base({ NEW_PASSWORD: answer['new_password'] ?? '', ...attrs }), session);
      break;
    }
    case 'SMS_MFA':
      outcome = await respondToAuthChallenge(authCall(call), challenge, base({ SMS_MFA_CODE: code }), session);
      break;
    case 'EMAIL_OTP':
      outcome = await respondToAuthChallenge(authCall(call), challenge, base({ EMAIL_OTP_CODE: code }), session);
      break;
    case 'SOFTWARE_TOKEN_MFA':
      outcome = await respondToAuthChallenge(authCall(call), challenge, base({ SOFTWARE_TOKEN_MFA_CODE: code }), session);
      break;
    case 'SELECT_MFA_TYPE':
      outcome = await respondToAuthChallenge(authCall(call), challenge, base({ ANSWER: answer['answer'] ?? '' }), session);
      break;
    case 'MFA_SETUP': {
      const verified = await verifyWithSession(call.deps, session, code, answer['device_name'] || undefined);
      outcome = await respondToAuthChallenge(authCall(call), challenge, base({}), verified.Session);
      break;
    }
    default:
      throw new UnsupportedSignInStep(`The sign-in step ${challenge} is not supported by these hosted pages.`);
  }
  return stepOf(call, outcome, username);
}
