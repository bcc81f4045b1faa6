/**
 * Challenge sessions (`Session` between InitiateAuth and RespondToAuthChallenge): opaque random
 * strings, stored as hashes, bound to pool + client + user + step, expiring after the client's
 * AuthSessionValidity, single-use (consumed by an atomic delete).
 */
import type { Deps } from '../context.ts';
import { CognitoError } from '../errors.ts';
import type { AuthSessionRecord, ClientRecord } from '../../storage/ports/index.ts';
import { hashSecret } from '../crypto/sealed.ts';
import { opaqueToken } from '../crypto/opaque-token.ts';
import { tokenValidityOf } from '../tokens/validity.ts';

export const sessionHash = (session: string): string => hashSecret(`auth-session:${session}`);

export const invalidSession = () => new CognitoError('NotAuthorizedException', 'Invalid session for the user.');
export const expiredSession = () => new CognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');

export interface NewSession {
  client: ClientRecord;
  userSub: string | null;
  step: string;
  data: Record<string, unknown>;
  /** Session id to use (default: a fresh random one). */
  id?: string;
  /** How long it lives (default: the client's AuthSessionValidity). */
  lifetimeMs?: number;
}

export const newSessionId = (): string => opaqueToken(48);

/** Stores a session and returns the opaque `Session` string. */
export async function createSession(deps: Deps, s: NewSession): Promise<string> {
  const id = s.id ?? newSessionId();
  const now = deps.now();
  await deps.store.auth.insertAuthSession({
    idHash: sessionHash(id),
    poolId: s.client.poolId,
    clientId: s.client.id,
    userSub: s.userSub,
    step: s.step,
    data: s.data,
    expiresAt: now + (s.lifetimeMs ?? tokenValidityOf(s.client).authSession * 1000),
    attempts: 0,
    createdAt: now,
  });
  return id;
}

/**
 * A session record read earlier, checked for `step`, the client and expiry. `client` undefined: any
 * client (AssociateSoftwareToken / VerifySoftwareToken name only the Session).
 */
export function checkRecord(deps: Deps, record: AuthSessionRecord | undefined, client: ClientRecord | undefined, step: string | readonly string[]): AuthSessionRecord {
  const steps: readonly string[] = typeof step === 'string' ? [step] : step;
  if (record === undefined || !steps.includes(record.step)) throw invalidSession();
  if (client !== undefined && (record.poolId !== client.poolId || record.clientId !== client.id)) throw invalidSession();
  if (record.expiresAt <= deps.now()) throw expiredSession();
  return record;
}

/** Reads a live session for `step` (or one of `step`) without using it up (answers are validated first). */
export async function peekSession(deps: Deps, session: string | undefined, client: ClientRecord | undefined, step: string | readonly string[]): Promise<AuthSessionRecord> {
  if (session === undefined || session === '') throw invalidSession();
  return checkRecord(deps, await deps.store.auth.findAuthSession(sessionHash(session)), client, step);
}

/** Uses the session up: exactly one concurrent caller gets it. */
export async function consumeSession(deps: Deps, session: string, client: ClientRecord | undefined, step: string | readonly string[]): Promise<AuthSessionRecord> {
  return checkRecord(deps, await deps.store.auth.consumeAuthSession(sessionHash(session)), client, step);
}

/** Counts a wrong answer; after `maxAttempts` the session is used up (`session is expired`). */
export async function countWrongAnswer(deps: Deps, record: AuthSessionRecord, maxAttempts: number): Promise<void> {
  const attempts = await deps.store.auth.bumpAuthSessionAttempts(record.idHash);
  if (attempts >= maxAttempts) await deps.store.auth.expireAuthSession(record.idHash, deps.now());
}
