/**
 * AuthStore: refresh tokens (families, revocation, rotation), single-use auth sessions, one-time
 * codes, sign-in failure counters and attempt counters, and the purges of what expired.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { AuthSessionRecord, CodeRecord, RefreshTokenRecord } from '../../src/storage/ports/index.ts';
import { countWinners, forEachStore, useStore } from '../helpers/stores.ts';
import { givenUser, unique, withoutSeq, T0 } from './records.ts';

const refreshToken = (poolId: string, userSub: string, over: Partial<RefreshTokenRecord> = {}): RefreshTokenRecord => ({
  tokenHash: unique('rt-'),
  poolId,
  clientId: 'client1',
  userSub,
  originJti: randomUUID(),
  deviceKey: 'us-east-1_device',
  scopes: 'openid email',
  authTime: T0 / 1000,
  expiresAt: T0 + 30 * 86_400_000,
  revokedAt: null,
  rotatedAt: null,
  createdAt: T0,
  ...over,
});

const authSession = (poolId: string, userSub: string | null, over: Partial<AuthSessionRecord> = {}): AuthSessionRecord => ({
  idHash: unique('session-'),
  poolId,
  clientId: 'client1',
  userSub,
  step: 'PASSWORD_VERIFIER',
  data: { srpB: 'abc', nested: { n: 1, list: [true, null] } },
  expiresAt: T0 + 180_000,
  attempts: 1,
  createdAt: T0,
  ...over,
});

const code = (poolId: string, userSub: string, over: Partial<CodeRecord> = {}): CodeRecord => ({ poolId, userSub, purpose: 'confirm_sign_up', codeHash: 'hash-right', expiresAt: T0 + 60_000, attempts: 0, createdAt: T0, ...over });

await forEachStore((kind, open) => {
  describe(`AuthStore contract (${kind})`, () => {
    const store = useStore(open);

    describe('refresh tokens', () => {
      it('round-trip with every field; a missing one is undefined; deleteRefreshToken drops one', async () => {
        const { poolId, user } = await givenUser(store());
        const t = refreshToken(poolId, user.sub, { revokedAt: T0 + 5, rotatedAt: T0 + 4 });
        await store().auth.insertRefreshToken(t);
        assert.deepEqual(await store().auth.findRefreshToken(t.tokenHash), t);
        const bare = refreshToken(poolId, user.sub, { deviceKey: null, scopes: null });
        await store().auth.insertRefreshToken(bare);
        assert.deepEqual(await store().auth.findRefreshToken(bare.tokenHash), bare);
        assert.equal(await store().auth.findRefreshToken('nothere'), undefined);
        await store().auth.deleteRefreshToken(bare.tokenHash);
        assert.equal(await store().auth.findRefreshToken(bare.tokenHash), undefined);
        assert.deepEqual(await store().auth.findRefreshToken(t.tokenHash), t);
      });

      it('revokeRefreshFamily revokes the live tokens of one family and counts them; refreshFamilyState tells revoked and first creation', async () => {
        const { poolId, user } = await givenUser(store());
        const family = randomUUID();
        const a = refreshToken(poolId, user.sub, { originJti: family, createdAt: T0 + 10 });
        const b = refreshToken(poolId, user.sub, { originJti: family, createdAt: T0 + 5 });
        const other = refreshToken(poolId, user.sub);
        for (const t of [a, b, other]) await store().auth.insertRefreshToken(t);
        assert.deepEqual(await store().auth.refreshFamilyState(family), { revoked: false, createdAt: T0 + 5 });
        assert.equal(await store().auth.refreshFamilyState('no-such-family'), undefined);
        assert.equal(await store().auth.revokeRefreshFamily(poolId, family, T0 + 100), 2);
        assert.equal(await store().auth.revokeRefreshFamily(poolId, family, T0 + 200), 0, 'already revoked tokens are not counted again');
        assert.equal((await store().auth.findRefreshToken(a.tokenHash))!.revokedAt, T0 + 100);
        assert.deepEqual(await store().auth.refreshFamilyState(family), { revoked: true, createdAt: T0 + 5 });
        assert.deepEqual(await store().auth.findRefreshToken(other.tokenHash), other);
      });

      it('revokeUserRefreshTokens revokes every live token of one user and counts them', async () => {
        const { poolId, user } = await givenUser(store());
        const { user: someoneElse } = await givenUser(store(), { poolId });
        const mine = [refreshToken(poolId, user.sub), refreshToken(poolId, user.sub), refreshToken(poolId, user.sub, { revokedAt: T0 })];
        const theirs = refreshToken(poolId, someoneElse.sub);
        for (const t of [...mine, theirs]) await store().auth.insertRefreshToken(t);
        assert.equal(await store().auth.revokeUserRefreshTokens(poolId, user.sub, T0 + 50), 2);
        assert.deepEqual(await Promise.all(mine.map(async (t) => (await store().auth.findRefreshToken(t.tokenHash))!.revokedAt)), [T0 + 50, T0 + 50, T0]);
        assert.deepEqual(await store().auth.findRefreshToken(theirs.tokenHash), theirs);
      });

      it('retireRefreshToken marks the rotation and shortens the life to the grace period, never lengthens it', async () => {
        const { poolId, user } = await givenUser(store());
        const long = refreshToken(poolId, user.sub, { expiresAt: T0 + 1_000_000 });
        const short = refreshToken(poolId, user.sub, { expiresAt: T0 + 10 });
        await store().auth.insertRefreshToken(long);
        await store().auth.insertRefreshToken(short);
        await store().auth.retireRefreshToken(long.tokenHash, T0 + 1, T0 + 60_000);
        await store().auth.retireRefreshToken(short.tokenHash, T0 + 1, T0 + 60_000);
        assert.deepEqual(await store().auth.findRefreshToken(long.tokenHash), { ...long, rotatedAt: T0 + 1, expiresAt: T0 + 60_000 });
        assert.deepEqual(await store().auth.findRefreshToken(short.tokenHash), { ...short, rotatedAt: T0 + 1 });
      });
    });

    describe('sign-in failures', () => {
      it('setSignInFailures writes the two counters only', async () => {
        const { poolId, user } = await givenUser(store());
        await store().auth.setSignInFailures(poolId, user.sub, 5, T0 + 900);
        assert.deepEqual(withoutSeq(await store().users.findUserBySub(poolId, user.sub)), { ...user, failedAttempts: 5, lockedUntil: T0 + 900 });
      });

      it('compareAndSetSignInFailures writes only over the expected counters', async () => {
        const { poolId, user } = await givenUser(store(), { failedAttempts: 1, lockedUntil: 0 });
        assert.equal(await store().auth.compareAndSetSignInFailures(poolId, user.sub, { failedAttempts: 0, lockedUntil: 0 }, { failedAttempts: 9, lockedUntil: 9 }), false);
        assert.equal(await store().auth.compareAndSetSignInFailures(poolId, user.sub, { failedAttempts: 1, lockedUntil: 0 }, { failedAttempts: 2, lockedUntil: T0 }), true);
        const read = await store().users.findUserBySub(poolId, user.sub);
        assert.deepEqual([read!.failedAttempts, read!.lockedUntil], [2, T0]);
        assert.equal(await store().auth.compareAndSetSignInFailures(poolId, randomUUID(), { failedAttempts: 0, lockedUntil: 0 }, { failedAttempts: 1, lockedUntil: 0 }), false);
      });

      it('compareAndSetSignInFailures: of 10 concurrent callers over the same counters, exactly one wins', async () => {
        const { poolId, user } = await givenUser(store(), { failedAttempts: 0, lockedUntil: 0 });
        const winners = await countWinners(10, () => store().auth.compareAndSetSignInFailures(poolId, user.sub, { failedAttempts: 0, lockedUntil: 0 }, { failedAttempts: 1, lockedUntil: 0 }));
        assert.equal(winners, 1);
        assert.equal((await store().users.findUserBySub(poolId, user.sub))!.failedAttempts, 1);
      });
    });

    describe('auth sessions', () => {
      it('round-trip with every field; a missing one is undefined; attempts count up; expireAuthSession ends it', async () => {
        const { poolId, user } = await givenUser(store());
        const a = authSession(poolId, user.sub);
        await store().auth.insertAuthSession(a);
        assert.deepEqual(await store().auth.findAuthSession(a.idHash), a);
        const anonymous = authSession(poolId, null, { data: {} });
        await store().auth.insertAuthSession(anonymous);
        assert.deepEqual(await store().auth.findAuthSession(anonymous.idHash), anonymous);
        assert.equal(await store().auth.findAuthSession('nothere'), undefined);
        assert.equal(await store().auth.bumpAuthSessionAttempts(a.idHash), 2);
        assert.equal(await store().auth.bumpAuthSessionAttempts(a.idHash), 3);
        assert.equal(await store().auth.bumpAuthSessionAttempts('nothere'), 0);
        await store().auth.expireAuthSession(a.idHash, T0 + 7);
        assert.deepEqual(await store().auth.findAuthSession(a.idHash), { ...a, attempts: 3, expiresAt: T0 + 7 });
      });

      it('consumeAuthSession returns the session once and deletes it; of 10 concurrent consumers exactly one gets it', async () => {
        const { poolId, user } = await givenUser(store());
        const a = authSession(poolId, user.sub);
        await store().auth.insertAuthSession(a);
        assert.deepEqual(await store().auth.consumeAuthSession(a.idHash), a);
        assert.equal(await store().auth.consumeAuthSession(a.idHash), undefined);
        assert.equal(await store().auth.findAuthSession(a.idHash), undefined);
        const b = authSession(poolId, user.sub);
        await store().auth.insertAuthSession(b);
        assert.equal(await countWinners(10, () => store().auth.consumeAuthSession(b.idHash)), 1);
      });

      it('purgeExpiredAuthState drops sessions expired before now and refresh tokens expired before the cutoff, and keeps the rest', async () => {
        const { poolId, user } = await givenUser(store());
        const expired = authSession(poolId, user.sub, { expiresAt: T0 - 1 });
        const live = authSession(poolId, user.sub, { expiresAt: T0 + 1 });
        const longGone = refreshToken(poolId, user.sub, { expiresAt: T0 - 2000 });
        const recentlyExpired = refreshToken(poolId, user.sub, { expiresAt: T0 - 10 });
        for (const s of [expired, live]) await store().auth.insertAuthSession(s);
        for (const t of [longGone, recentlyExpired]) await store().auth.insertRefreshToken(t);
        await store().auth.purgeExpiredAuthState(T0, T0 - 1000);
        assert.equal(await store().auth.findAuthSession(expired.idHash), undefined);
        assert.deepEqual(await store().auth.findAuthSession(live.idHash), live);
        assert.equal(await store().auth.findRefreshToken(longGone.tokenHash), undefined);
        assert.deepEqual(await store().auth.findRefreshToken(recentlyExpired.tokenHash), recentlyExpired);
      });
    });

    describe('one-time codes', () => {
      it('takeCode consumes a matching, unexpired code with attempts left, once', async () => {
        const { poolId, user } = await givenUser(store());
        await store().auth.putCode(code(poolId, user.sub));
        assert.equal(await store().auth.takeCode(poolId, user.sub, 'confirm_sign_up', 'hash-wrong', T0, 3), false, 'wrong code');
        assert.equal(await store().auth.takeCode(poolId, user.sub, 'other_purpose', 'hash-right', T0, 3), false, 'other purpose');
        assert.equal(await store().auth.takeCode(poolId, user.sub, 'confirm_sign_up', 'hash-right', T0 + 60_000, 3), false, 'expired');
        assert.equal(await store().auth.takeCode(poolId, user.sub, 'confirm_sign_up', 'hash-right', T0, 0), false, 'no attempts left');
        assert.equal(await store().auth.takeCode(poolId, user.sub, 'confirm_sign_up', 'hash-right', T0, 3), true);
        assert.equal(await store().auth.takeCode(poolId, user.sub, 'confirm_sign_up', 'hash-right', T0, 3), false, 'used up');
      });

      it('takeCode: of 10 concurrent callers with the right code, exactly one succeeds', async () => {
        const { poolId, user } = await givenUser(store());
        await store().auth.putCode(code(poolId, user.sub));
        assert.equal(await countWinners(10, () => store().auth.takeCode(poolId, user.sub, 'confirm_sign_up', 'hash-right', T0, 3)), 1);
      });

      it('recordCodeFailure counts wrong guesses; putCode replaces a code and restarts its count; deleteCode drops it', async () => {
        const { poolId, user } = await givenUser(store());
        assert.equal(await store().auth.recordCodeFailure(poolId, user.sub, 'confirm_sign_up'), undefined);
        await store().auth.putCode(code(poolId, user.sub));
        assert.deepEqual(await store().auth.recordCodeFailure(poolId, user.sub, 'confirm_sign_up'), { attempts: 1, expiresAt: T0 + 60_000 });
        assert.deepEqual(await store().auth.recordCodeFailure(poolId, user.sub, 'confirm_sign_up'), { attempts: 2, expiresAt: T0 + 60_000 });
        assert.equal(await store().auth.takeCode(poolId, user.sub, 'confirm_sign_up', 'hash-right', T0, 2), false, 'the failures used the attempts up');
        await store().auth.putCode(code(poolId, user.sub, { codeHash: 'hash-new', expiresAt: T0 + 120_000 }));
        assert.deepEqual(await store().auth.recordCodeFailure(poolId, user.sub, 'confirm_sign_up'), { attempts: 1, expiresAt: T0 + 120_000 });
        assert.equal(await store().auth.takeCode(poolId, user.sub, 'confirm_sign_up', 'hash-right', T0, 5), false, 'the old code is gone');
        await store().auth.deleteCode(poolId, user.sub, 'confirm_sign_up');
        assert.equal(await store().auth.recordCodeFailure(poolId, user.sub, 'confirm_sign_up'), undefined);
      });

      it('purgeExpiredCodes deletes codes that expired before now and keeps the rest', async () => {
        const { poolId, user } = await givenUser(store());
        await store().auth.putCode(code(poolId, user.sub, { purpose: 'expired', expiresAt: T0 - 1 }));
        await store().auth.putCode(code(poolId, user.sub, { purpose: 'live', expiresAt: T0 + 1 }));
        await store().auth.purgeExpiredCodes(T0);
        assert.equal(await store().auth.recordCodeFailure(poolId, user.sub, 'expired'), undefined);
        assert.deepEqual(await store().auth.recordCodeFailure(poolId, user.sub, 'live'), { attempts: 1, expiresAt: T0 + 1 });
      });
    });

    describe('attempt counters', () => {
      it('bumpAttemptCounter counts per user and kind within the window, and restarts at 1 after it; clearAttemptCounter resets', async () => {
        const { poolId, user } = await givenUser(store());
        const bump = (kindName: string, now: number) => store().auth.bumpAttemptCounter(poolId, user.sub, kindName, now, 1000);
        assert.equal(await bump('guess', T0), 1);
        assert.equal(await bump('guess', T0 + 999), 2);
        assert.equal(await bump('issue', T0 + 999), 1, 'kinds count apart');
        assert.equal(await bump('guess', T0 + 1000), 1, 'a new window');
        assert.equal(await bump('guess', T0 + 1500), 2);
        await store().auth.clearAttemptCounter(poolId, user.sub, 'guess');
        assert.equal(await bump('guess', T0 + 1600), 1);
        assert.equal(await bump('issue', T0 + 1600), 2, 'clearing one kind keeps the others');
        assert.equal(await bump('issue', T0 + 1999), 1, 'the issue window (from T0 + 999) has passed');
      });

      it('bumpAttemptCounter counts every one of 10 concurrent events', async () => {
        const { poolId, user } = await givenUser(store());
        const counts = await Promise.all(Array.from({ length: 10 }, () => store().auth.bumpAttemptCounter(poolId, user.sub, 'guess', T0, 60_000)));
        assert.deepEqual(counts.sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      });

      it('purgeAttemptCounters drops counters whose window started before the cutoff and keeps the rest', async () => {
        const { poolId, user } = await givenUser(store());
        await store().auth.bumpAttemptCounter(poolId, user.sub, 'old', T0, 1_000_000);
        await store().auth.bumpAttemptCounter(poolId, user.sub, 'new', T0 + 10, 1_000_000);
        await store().auth.purgeAttemptCounters(T0 + 5);
        assert.equal(await store().auth.bumpAttemptCounter(poolId, user.sub, 'old', T0 + 20, 1_000_000), 1, 'purged: counting starts again');
        assert.equal(await store().auth.bumpAttemptCounter(poolId, user.sub, 'new', T0 + 20, 1_000_000), 2, 'kept');
      });
    });
  });
});
