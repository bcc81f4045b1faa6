/**
 * Records for the storage contract suite: every field set (no nulls where the record allows a
 * value), so a round trip that drops or mangles a column shows.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { UniqueViolation, type ClientRecord, type PoolRecord, type Store, type UniqueRule, type UserRecord } from '../../src/storage/ports/index.ts';

/** A fixed time far from the present, so nothing depends on the clock (epoch ms). */
export const T0 = 1_700_000_000_000;

let serial = 0;
/** A name unique within the run (ids are kept sortable: the suffix is zero-padded). */
export function unique(prefix: string): string {
  serial += 1;
  return `${prefix}${String(serial).padStart(6, '0')}`;
}

export function poolRecord(id = unique('us-east-1_P'), over: Partial<PoolRecord> = {}): PoolRecord {
  return { id, name: `pool ${id}`, config: { Policies: { PasswordPolicy: { MinimumLength: 8 } }, MfaConfiguration: 'OFF', Tags: ['a', 1, true, null] }, createdAt: T0, updatedAt: T0 + 1, ...over };
}

export function clientRecord(poolId: string, over: Partial<ClientRecord> = {}): ClientRecord {
  const id = over.id ?? unique('client');
  return { id, poolId, name: `client ${id}`, secretSealed: 'c2VhbGVk', config: { ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'], RefreshTokenValidity: 30 }, createdAt: T0, updatedAt: T0 + 2, ...over };
}

export function userRecord(poolId: string, over: Partial<UserRecord> = {}): UserRecord {
  const username = over.username ?? unique('user');
  return {
    poolId,
    sub: randomUUID(),
    username,
    usernameKey: username.toLowerCase(),
    status: 'CONFIRMED',
    enabled: true,
    attributes: { email: `${username}@Example.com`, email_verified: 'true', name: `Name ${username}` },
    emailAlias: null,
    phoneAlias: null,
    preferredUsernameAlias: null,
    passwordSealed: 'cGFzc3dvcmQ=',
    tempPasswordExpiresAt: T0 + 7 * 86_400_000,
    mfaOptions: [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }],
    tokensValidAfter: T0 - 1,
    failedAttempts: 2,
    lockedUntil: T0 + 60_000,
    createdAt: T0,
    updatedAt: T0 + 3,
    ...over,
  };
}

/** A pool in the store; its id. */
export async function givenPool(store: Store): Promise<string> {
  const p = poolRecord();
  await store.pools.insertPool(p);
  return p.id;
}

/** A pool with one user in the store. */
export async function givenUser(store: Store, over: Partial<UserRecord> = {}): Promise<{ poolId: string; user: UserRecord }> {
  const poolId = over.poolId ?? (await givenPool(store));
  const user = userRecord(poolId, over);
  await store.users.insertUser(user);
  return { poolId, user };
}

/** Drops the store-assigned row number, so a read compares with what was written. */
export function withoutSeq<T extends { seq?: number }>(r: T | undefined): Omit<T, 'seq'> | undefined {
  if (r === undefined) return undefined;
  const { seq: _seq, ...rest } = r;
  return rest;
}

/** Asserts that `write` breaks the uniqueness rule `rule`. */
export async function rejectsUnique(write: Promise<unknown>, rule: UniqueRule): Promise<void> {
  await assert.rejects(write, (err: unknown) => {
    assert.ok(err instanceof UniqueViolation, `expected UniqueViolation, got ${String(err)}`);
    assert.equal(err.rule, rule);
    return true;
  });
}
