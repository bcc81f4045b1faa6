/** A refresh token as stored: the token's SHA-256 hash, never the token. Times in epoch ms except authTime (seconds). */
export interface RefreshTokenRecord {
  tokenHash: string;
  poolId: string;
  clientId: string;
  userSub: string;
  originJti: string;
  deviceKey: string | null;
  scopes: string | null;
  authTime: number;
  expiresAt: number;
  revokedAt: number | null;
  /** When rotation replaced it (GetTokensFromRefreshToken); null otherwise. */
  rotatedAt: number | null;
  createdAt: number;
}

/** A challenge session (InitiateAuth → RespondToAuthChallenge), single-use. */
export interface AuthSessionRecord {
  idHash: string;
  poolId: string;
  clientId: string;
  userSub: string | null;
  step: string;
  data: Record<string, unknown>;
  expiresAt: number;
  attempts: number;
  createdAt: number;
}

/** A one-time code as stored: its keyed hash, never the code. */
export interface CodeRecord {
  poolId: string;
  userSub: string;
  purpose: string;
  codeHash: string;
  expiresAt: number;
  attempts: number;
  createdAt: number;
}

/** Sign-in state: auth sessions, refresh tokens, one-time codes, lockout and attempt counters. */
export interface AuthStore {
  insertRefreshToken(t: RefreshTokenRecord): Promise<void>;
  findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | undefined>;
  /** Revokes every refresh token of one family (RevokeToken); returns how many were live. */
  revokeRefreshFamily(poolId: string, originJti: string, now: number): Promise<number>;
  /** Revokes every refresh token of a user (global sign-out). */
  revokeUserRefreshTokens(poolId: string, userSub: string, now: number): Promise<number>;
  /**
   * A token family's state for access-token checks: whether it was revoked (access tokens carrying
   * that origin_jti are dead) and when it began (the original sign-in, epoch ms); undefined when no
   * refresh token of the family is stored.
   */
  refreshFamilyState(originJti: string): Promise<{ revoked: boolean; createdAt: number } | undefined>;
  /** Rotation: marks the token replaced and ends its life at `expiresAt` (the grace period) unless it ends sooner. */
  retireRefreshToken(tokenHash: string, rotatedAt: number, expiresAt: number): Promise<void>;
  /** Sign-in failure bookkeeping only (never rewrites the rest of the user). */
  setSignInFailures(poolId: string, userSub: string, failedAttempts: number, lockedUntil: number): Promise<void>;
  /** Sets the failure count only if it still is `expected` (atomic: one conditional UPDATE); whether it did. */
  compareAndSetSignInFailures(
    poolId: string,
    userSub: string,
    expected: { failedAttempts: number; lockedUntil: number },
    next: { failedAttempts: number; lockedUntil: number },
  ): Promise<boolean>;
  insertAuthSession(a: AuthSessionRecord): Promise<void>;
  findAuthSession(idHash: string): Promise<AuthSessionRecord | undefined>;
  /** Deletes and returns the session: exactly one caller can consume it. */
  consumeAuthSession(idHash: string): Promise<AuthSessionRecord | undefined>;
  /** Counts a failed answer; returns the new count (0 when the session is gone). */
  bumpAuthSessionAttempts(idHash: string): Promise<number>;
  /** Housekeeping: drops expired sessions and refresh tokens that expired before `before`. */
  purgeExpiredAuthState(now: number, refreshBefore: number): Promise<void>;
  /**
   * Counts one more event of `kind` for the user, atomically (one upsert … RETURNING): the count
   * restarts at 1 when the window that began at `window_start` has passed. Returns the new count.
   */
  bumpAttemptCounter(poolId: string, userSub: string, kind: string, now: number, windowMs: number): Promise<number>;
  clearAttemptCounter(poolId: string, userSub: string, kind: string): Promise<void>;
  /** Stores a user's code for a purpose, replacing any earlier one (its attempt count restarts). */
  putCode(c: CodeRecord): Promise<void>;
  /**
   * Consumes the code if it matches, is unexpired and has attempts left: one DELETE … RETURNING,
   * so of two concurrent callers with the right code exactly one succeeds.
   */
  takeCode(poolId: string, userSub: string, purpose: string, codeHash: string, now: number, maxAttempts: number): Promise<boolean>;
  /** Counts a wrong guess; the code's state afterwards, or undefined when there is no code. */
  recordCodeFailure(poolId: string, userSub: string, purpose: string): Promise<{ attempts: number; expiresAt: number } | undefined>;
  deleteCode(poolId: string, userSub: string, purpose: string): Promise<void>;
  /** Housekeeping: drops guess/issue counters whose window started before `before` (expired). */
  purgeAttemptCounters(before: number): Promise<void>;
  /** Housekeeping: drops codes that expired before `now`. */
  purgeExpiredCodes(now: number): Promise<void>;
  /** Marks a session used up without deleting it (answers then read `session is expired`). */
  expireAuthSession(idHash: string, now: number): Promise<void>;
  /** Drops a refresh token row outright (the hosted pages' throw-away API sign-in tokens). */
  deleteRefreshToken(tokenHash: string): Promise<void>;
}
