import { sql } from 'kysely';
import { type RefreshTokenRecord, type AuthSessionRecord, type CodeRecord, type AuthStore } from '../ports/index.ts';
import { toRefreshToken, toAuthSession } from './rows.ts';
import { SqlPart } from './session.ts';

/** Sign-in state: auth sessions, refresh tokens, one-time codes, lockout and attempt counters. */
export class SqlAuth extends SqlPart implements AuthStore {
  async insertRefreshToken(t: RefreshTokenRecord): Promise<void> {
    await this.db
      .insertInto('refresh_tokens')
      .values({
        token_hash: t.tokenHash,
        pool_id: t.poolId,
        client_id: t.clientId,
        user_sub: t.userSub,
        origin_jti: t.originJti,
        device_key: t.deviceKey,
        scopes: t.scopes,
        auth_time: t.authTime,
        expires_at: t.expiresAt,
        revoked_at: t.revokedAt,
        rotated_at: t.rotatedAt,
        created_at: t.createdAt,
      })
      .execute();
  }
  async findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    const r = await this.db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return r && toRefreshToken(r);
  }
  /** Revokes every refresh token of one family (RevokeToken); returns how many were live. */
  async revokeRefreshFamily(poolId: string, originJti: string, now: number): Promise<number> {
    const r = await this.db.updateTable('refresh_tokens').set({ revoked_at: now }).where('pool_id', '=', poolId).where('origin_jti', '=', originJti).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
  /** Revokes every refresh token of a user (global sign-out). */
  async revokeUserRefreshTokens(poolId: string, userSub: string, now: number): Promise<number> {
    const r = await this.db.updateTable('refresh_tokens').set({ revoked_at: now }).where('pool_id', '=', poolId).where('user_sub', '=', userSub).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
  /**
   * A token family's state for access-token checks: whether it was revoked (access tokens carrying
   * that origin_jti are dead) and when it began (the original sign-in, epoch ms); undefined when no
   * refresh token of the family is stored.
   */
  async refreshFamilyState(originJti: string): Promise<{ revoked: boolean; createdAt: number } | undefined> {
    const r = await this.db
      .selectFrom('refresh_tokens')
      .select((eb) => [eb.fn.min<number>('created_at').as('created_at'), eb.fn.count<number>('revoked_at').as('revoked')])
      .where('origin_jti', '=', originJti)
      .executeTakeFirst();
    if (r === undefined || r.created_at === null || r.created_at === undefined) return undefined;
    return { revoked: Number(r.revoked) > 0, createdAt: Number(r.created_at) };
  }
  /** Rotation: marks the token replaced and ends its life at `expiresAt` (the grace period) unless it ends sooner. */
  async retireRefreshToken(tokenHash: string, rotatedAt: number, expiresAt: number): Promise<void> {
    await this.db
      .updateTable('refresh_tokens')
      .set({ rotated_at: rotatedAt, expires_at: sql<number>`case when expires_at > ${expiresAt} then ${expiresAt} else expires_at end` })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  /** Sign-in failure bookkeeping only (never rewrites the rest of the user). */
  async setSignInFailures(poolId: string, userSub: string, failedAttempts: number, lockedUntil: number): Promise<void> {
    await this.db.updateTable('users').set({ failed_attempts: failedAttempts, locked_until: lockedUntil }).where('pool_id', '=', poolId).where('sub', '=', userSub).execute();
  }
  /** Sets the failure count only if it still is `expected` (atomic: one conditional UPDATE); whether it did. */
  async compareAndSetSignInFailures(
    poolId: string,
    userSub: string,
    expected: { failedAttempts: number; lockedUntil: number },
    next: { failedAttempts: number; lockedUntil: number },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({ failed_attempts: next.failedAttempts, locked_until: next.lockedUntil })
      .where('pool_id', '=', poolId)
      .where('sub', '=', userSub)
      .where('failed_attempts', '=', expected.failedAttempts)
      .where('locked_until', '=', expected.lockedUntil)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
  async insertAuthSession(a: AuthSessionRecord): Promise<void> {
    await this.db
      .insertInto('auth_sessions')
      .values({
        id_hash: a.idHash,
        pool_id: a.poolId,
        client_id: a.clientId,
        user_sub: a.userSub,
        step: a.step,
        data: JSON.stringify(a.data),
        expires_at: a.expiresAt,
        attempts: a.attempts,
        created_at: a.createdAt,
      })
      .execute();
  }
  async findAuthSession(idHash: string): Promise<AuthSessionRecord | undefined> {
    const r = await this.db.selectFrom('auth_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
    return r && toAuthSession(r);
  }
  /** Deletes and returns the session: exactly one caller can consume it. */
  async consumeAuthSession(idHash: string): Promise<AuthSessionRecord | undefined> {
    const r = await this.db.deleteFrom('auth_sessions').where('id_hash', '=', idHash).returningAll().executeTakeFirst();
    return r && toAuthSession(r);
  }
  /** Counts a failed answer; returns the new count (0 when the session is gone). */
  async bumpAuthSessionAttempts(idHash: string): Promise<number> {
    const r = await this.db.updateTable('auth_sessions').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id_hash', '=', idHash).returning('attempts').executeTakeFirst();
    return r?.attempts ?? 0;
  }
  /** Housekeeping: drops expired sessions and refresh tokens that expired before `before`. */
  async purgeExpiredAuthState(now: number, refreshBefore: number): Promise<void> {
    await this.db.deleteFrom('auth_sessions').where('expires_at', '<', now).execute();
    await this.db.deleteFrom('refresh_tokens').where('expires_at', '<', refreshBefore).execute();
  }
  /**
   * Counts one more event of `kind` for the user, atomically (one upsert … RETURNING): the count
   * restarts at 1 when the window that began at `window_start` has passed. Returns the new count.
   */
  async bumpAttemptCounter(poolId: string, userSub: string, kind: string, now: number, windowMs: number): Promise<number> {
    const expired = sql<boolean>`attempt_counters.window_start + ${windowMs} <= ${now}`;
    const row = await this.db
      .insertInto('attempt_counters')
      .values({ pool_id: poolId, user_sub: userSub, kind, count: 1, window_start: now })
      .onConflict((oc) =>
        oc.columns(['pool_id', 'user_sub', 'kind']).doUpdateSet({
          count: sql<number>`case when ${expired} then 1 else attempt_counters.count + 1 end`,
          window_start: sql<number>`case when ${expired} then ${now} else attempt_counters.window_start end`,
        }),
      )
      .returning('count')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
  async clearAttemptCounter(poolId: string, userSub: string, kind: string): Promise<void> {
    await this.db.deleteFrom('attempt_counters').where('pool_id', '=', poolId).where('user_sub', '=', userSub).where('kind', '=', kind).execute();
  }
  /** Stores a user's code for a purpose, replacing any earlier one (its attempt count restarts). */
  async putCode(c: CodeRecord): Promise<void> {
    await this.db
      .insertInto('codes')
      .values({ pool_id: c.poolId, user_sub: c.userSub, purpose: c.purpose, code_hash: c.codeHash, expires_at: c.expiresAt, attempts: c.attempts, created_at: c.createdAt })
      .onConflict((oc) => oc.columns(['pool_id', 'user_sub', 'purpose']).doUpdateSet({ code_hash: c.codeHash, expires_at: c.expiresAt, attempts: c.attempts, created_at: c.createdAt }))
      .execute();
  }
  /**
   * Consumes the code if it matches, is unexpired and has attempts left: one DELETE … RETURNING,
   * so of two concurrent callers with the right code exactly one succeeds.
   */
  async takeCode(poolId: string, userSub: string, purpose: string, codeHash: string, now: number, maxAttempts: number): Promise<boolean> {
    const r = await this.db
      .deleteFrom('codes')
      .where('pool_id', '=', poolId)
      .where('user_sub', '=', userSub)
      .where('purpose', '=', purpose)
      .where('code_hash', '=', codeHash)
      .where('expires_at', '>', now)
      .where('attempts', '<', maxAttempts)
      .returning('purpose')
      .executeTakeFirst();
    return r !== undefined;
  }
  /** Counts a wrong guess; the code's state afterwards, or undefined when there is no code. */
  async recordCodeFailure(poolId: string, userSub: string, purpose: string): Promise<{ attempts: number; expiresAt: number } | undefined> {
    const r = await this.db
      .updateTable('codes')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('pool_id', '=', poolId)
      .where('user_sub', '=', userSub)
      .where('purpose', '=', purpose)
      .returning(['attempts', 'expires_at'])
      .executeTakeFirst();
    return r && { attempts: r.attempts, expiresAt: r.expires_at };
  }
  async deleteCode(poolId: string, userSub: string, purpose: string): Promise<void> {
    await this.db.deleteFrom('codes').where('pool_id', '=', poolId).where('user_sub', '=', userSub).where('purpose', '=', purpose).execute();
  }
  /** Housekeeping: drops guess/issue counters whose window started before `before` (expired). */
  async purgeAttemptCounters(before: number): Promise<void> {
    await this.db.deleteFrom('attempt_counters').where('window_start', '<', before).execute();
  }
  /** Housekeeping: drops codes that expired before `now`. */
  async purgeExpiredCodes(now: number): Promise<void> {
    await this.db.deleteFrom('codes').where('expires_at', '<', now).execute();
  }
  /** Marks a session used up without deleting it (answers then read `session is expired`). */
  async expireAuthSession(idHash: string, now: number): Promise<void> {
    await this.db.updateTable('auth_sessions').set({ expires_at: now }).where('id_hash', '=', idHash).execute();
  }
  /** Drops a refresh token row outright (the hosted pages' throw-away API sign-in tokens). */
  async deleteRefreshToken(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('refresh_tokens').where('token_hash', '=', tokenHash).execute();
  }
}
