/**
 * One-time codes: 6 digits from `crypto.randomInt` (or `config.fixedCode` in test setups), stored
 * as an HMAC-SHA256 under the server's token key (never the code), one live code per user and
 * purpose, consumed atomically (DELETE … RETURNING: single use even under concurrent calls),
 * expiring, with an attempt limit per code and per-user throttles on issuing and guessing.
 */
import { createHash, createHmac, randomInt } from 'node:crypto';
import { CognitoError } from '../errors.ts';
import type { Config } from '../../config/config.ts';
import type { Store } from '../../storage/ports/index.ts';
import type { UserRecord } from '../../storage/ports/index.ts';

/** Code purposes (the `codes.purpose` column). */
export const CodePurpose = {
  SIGN_UP: 'SIGN_UP',
  /** ForgotPassword and AdminResetUserPassword; consumed by ConfirmForgotPassword. */
  FORGOT_PASSWORD: 'FORGOT_PASSWORD',
  /** Attribute verification (UpdateUserAttributes, GetUserAttributeVerificationCode). */
  verifyAttribute: (attribute: string): string => `VERIFY:${attribute}`,
} as const;

const HOUR_MS = 60 * 60 * 1000;
/** Validity per purpose (spec/semantics.md §6, rec.): sign-up and attribute codes 24 h, password reset 1 h. */
export const CODE_TTL_MS = { SIGN_UP: 24 * HOUR_MS, FORGOT_PASSWORD: HOUR_MS, VERIFY_ATTRIBUTE: 24 * HOUR_MS } as const;
/** Wrong guesses allowed per code; the next one burns it (LimitExceededException). */
export const MAX_CODE_ATTEMPTS = 5;

/**
 * Per-user throttles, per purpose, counted in the database in fixed one-hour windows (AWS's
 * per-user quotas are "attempts per hour"; AWS does not publish the numbers for each operation,
 * so these are ours): at most {@link MAX_CODES_PER_WINDOW} codes issued, and at most
 * {@link MAX_WRONG_CODES_PER_WINDOW} wrong answers over all codes, so a new code does not bring a
 * new guess budget. Past either: LimitExceededException until the window ends.
 */
export const THROTTLE_WINDOW_MS = HOUR_MS;
export const MAX_CODES_PER_WINDOW = 5;
export const MAX_WRONG_CODES_PER_WINDOW = 5;
/** MFA codes are sent at each sign-in, so their issuance allows more. */
const MAX_MFA_CODES_PER_WINDOW = 10;

const limitExceeded = (): CognitoError => new CognitoError('LimitExceededException', 'Attempt limit exceeded, please try after some time.');

export interface CodeDeps {
  config: Pick<Config, 'fixedCode'>;
  now: () => number;
  tokenKey: Buffer;
}

function codeHash(tokenKey: Buffer, user: UserRecord, purpose: string, code: string): string {
  return createHmac('sha256', tokenKey).update(`code\0${user.poolId}\0${user.sub}\0${purpose}\0${code}`, 'utf8').digest('hex');
}

/** Issues a new code for `purpose` (replacing any earlier one) and returns it, to be sent. */
export async function issueCode(store: Store, user: UserRecord, purpose: string, ttlMs: number, deps: CodeDeps): Promise<string> {
  const now = deps.now();
  const limit = purpose.startsWith('MFA_') ? MAX_MFA_CODES_PER_WINDOW : MAX_CODES_PER_WINDOW;
  if ((await store.auth.bumpAttemptCounter(user.poolId, user.sub, `issue:${purpose}`, now, THROTTLE_WINDOW_MS)) > limit) throw limitExceeded();
  const code = deps.config.fixedCode ?? String(randomInt(0, 1_000_000)).padStart(6, '0');
  await store.auth.putCode({ poolId: user.poolId, userSub: user.sub, purpose, codeHash: codeHash(deps.tokenKey, user, purpose, code), expiresAt: now + ttlMs, attempts: 0, createdAt: now });
  return code;
}

export type CodeCheck = 'ok' | 'mismatch' | 'expired' | 'tooManyAttempts';

/**
 * Checks and, when right, consumes the user's code for `purpose`. A missing (never issued or
 * already used) code reads as expired; a wrong code counts an attempt; after
 * {@link MAX_CODE_ATTEMPTS} wrong codes the code is burnt.
 */
export async function consumeCode(store: Store, user: UserRecord, purpose: string, code: string, deps: CodeDeps): Promise<CodeCheck> {
  const now = deps.now();
  // Every answer claims one guess of the user's budget first (atomic), so parallel answers,
  // over any number of codes and sessions, check at most the budget; a right code gives it back.
  if (!(await claimGuess(store, user, purpose, deps))) return 'tooManyAttempts';
  if (await store.auth.takeCode(user.poolId, user.sub, purpose, codeHash(deps.tokenKey, user, purpose, code), now, MAX_CODE_ATTEMPTS)) {
    await clearGuesses(store, user, purpose);
    return 'ok';
  }
  const state = await store.auth.recordCodeFailure(user.poolId, user.sub, purpose);
  if (state === undefined) return 'expired';
  if (state.expiresAt <= now) {
    await store.auth.deleteCode(user.poolId, user.sub, purpose);
    return 'expired';
  }
  if (state.attempts > MAX_CODE_ATTEMPTS) {
    await store.auth.deleteCode(user.poolId, user.sub, purpose);
    return 'tooManyAttempts';
  }
  return 'mismatch';
}

/** AWS's error for a failed check (undefined for `ok`). */
export function codeCheckError(result: CodeCheck): CognitoError | undefined {
  switch (result) {
    case 'ok':
      return undefined;
    case 'mismatch':
      return new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
    case 'expired':
      return new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');
    case 'tooManyAttempts':
      return limitExceeded();
  }
}

/** {@link consumeCode}, throwing AWS's error unless the code is right. */
export async function requireCode(store: Store, user: UserRecord, purpose: string, code: string, deps: CodeDeps): Promise<void> {
  const err = codeCheckError(await consumeCode(store, user, purpose, code, deps));
  if (err) throw err;
}

/** The counters' stand-in for an unknown username (PreventUserExistenceErrors=ENABLED). */
export function decoySub(username: string): string {
  return `?${createHash('sha256').update(username.toLowerCase(), 'utf8').digest('hex').slice(0, 32)}`;
}

/** Counts a simulated code for an unknown user as {@link issueCode} counts a real one (throws the same LimitExceededException). */
export async function claimDecoyCode(store: Store, poolId: string, username: string, purpose: string, deps: CodeDeps): Promise<void> {
  if ((await store.auth.bumpAttemptCounter(poolId, decoySub(username), `issue:${purpose}`, deps.now(), THROTTLE_WINDOW_MS)) > MAX_CODES_PER_WINDOW) throw limitExceeded();
}

/** The answer to a code for an unknown user: a mismatch, or LimitExceededException past the same budget as a real user's. */
export async function decoyCodeError(store: Store, poolId: string, username: string, purpose: string, deps: CodeDeps): Promise<CognitoError> {
  const guesses = await store.auth.bumpAttemptCounter(poolId, decoySub(username), `verify:${purpose}`, deps.now(), THROTTLE_WINDOW_MS);
  return codeCheckError(guesses > MAX_WRONG_CODES_PER_WINDOW ? 'tooManyAttempts' : 'mismatch')!;
}

/**
 * Claims one guess of the user's budget for `kind` (a code purpose, or TOTP whose answers are not
 * kept in the codes table): false when the budget of the hour is spent. {@link clearGuesses}
 * gives it back after a right answer.
 */
export async function claimGuess(store: Store, user: UserRecord, kind: string, deps: CodeDeps): Promise<boolean> {
  return (await store.auth.bumpAttemptCounter(user.poolId, user.sub, `verify:${kind}`, deps.now(), THROTTLE_WINDOW_MS)) <= MAX_WRONG_CODES_PER_WINDOW;
}
export async function clearGuesses(store: Store, user: UserRecord, kind: string): Promise<void> {
  await store.auth.clearAttemptCounter(user.poolId, user.sub, `verify:${kind}`);
}
