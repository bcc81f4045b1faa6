/** UsersStore: users round-trip, are found by username, sub and alias, list by keyset pages, and keep their uniqueness rules. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachStore, useStore } from '../helpers/stores.ts';
import { givenPool, givenUser, rejectsUnique, userRecord, withoutSeq } from './records.ts';

await forEachStore((kind, open) => {
  describe(`UsersStore contract (${kind})`, () => {
    const store = useStore(open);

    it('a user round-trips with every field (the store numbers it) by username key, sub and alias', async () => {
      const poolId = await givenPool(store());
      const u = userRecord(poolId, { emailAlias: 'al@example.com', phoneAlias: '+15550100', preferredUsernameAlias: 'al' });
      await store().users.insertUser(u);
      const read = await store().users.findUserBySub(poolId, u.sub);
      assert.equal(typeof read!.seq, 'number');
      assert.deepEqual(withoutSeq(read), u);
      assert.deepEqual(await store().users.findUserByUsernameKey(poolId, u.usernameKey), read);
      assert.deepEqual(await store().users.findUserByAlias(poolId, 'email', 'al@example.com'), read);
      assert.deepEqual(await store().users.findUserByAlias(poolId, 'phone_number', '+15550100'), read);
      assert.deepEqual(await store().users.findUserByAlias(poolId, 'preferred_username', 'al'), read);
      assert.deepEqual(await store().transaction((tx) => tx.users.findUserBySubForUpdate(poolId, u.sub)), read);
      const bare = userRecord(poolId, { enabled: false, status: 'UNCONFIRMED', attributes: {}, passwordSealed: null, tempPasswordExpiresAt: null, mfaOptions: null });
      await store().users.insertUser(bare);
      assert.deepEqual(withoutSeq(await store().users.findUserBySub(poolId, bare.sub)), bare, 'nulls and false round-trip too');
    });

    it('a missing user is undefined, also under another pool', async () => {
      const { poolId, user } = await givenUser(store(), { emailAlias: 'x@example.com' });
      const other = await givenPool(store());
      assert.equal(await store().users.findUserBySub(poolId, '00000000-0000-0000-0000-000000000000'), undefined);
      assert.equal(await store().users.findUserByUsernameKey(poolId, 'nobody'), undefined);
      assert.equal(await store().users.findUserByAlias(poolId, 'email', 'nobody@example.com'), undefined);
      assert.equal(await store().users.findUserBySub(other, user.sub), undefined);
      assert.equal(await store().users.findUserByUsernameKey(other, user.usernameKey), undefined);
      assert.equal(await store().users.findUserByAlias(other, 'email', 'x@example.com'), undefined);
      assert.equal(await store().transaction((tx) => tx.users.findUserBySubForUpdate(other, user.sub)), undefined);
    });

    it('insertUser and updateUser break the rules username, sub and the three aliases, per pool', async () => {
      const { poolId, user } = await givenUser(store(), { emailAlias: 'e@example.com', phoneAlias: '+15550101', preferredUsernameAlias: 'pref' });
      const fresh = () => userRecord(poolId);
      await rejectsUnique(store().users.insertUser({ ...fresh(), usernameKey: user.usernameKey }), 'username');
      await rejectsUnique(store().users.insertUser({ ...fresh(), sub: user.sub }), 'sub');
      await rejectsUnique(store().users.insertUser({ ...fresh(), emailAlias: 'e@example.com' }), 'email_alias');
      await rejectsUnique(store().users.insertUser({ ...fresh(), phoneAlias: '+15550101' }), 'phone_alias');
      await rejectsUnique(store().users.insertUser({ ...fresh(), preferredUsernameAlias: 'pref' }), 'preferred_username_alias');
      const second = fresh();
      await store().users.insertUser(second);
      await rejectsUnique(store().users.updateUser({ ...second, emailAlias: 'e@example.com' }), 'email_alias');
      await rejectsUnique(store().users.updateUser({ ...second, usernameKey: user.usernameKey }), 'username');
      assert.deepEqual(withoutSeq(await store().users.findUserBySub(poolId, second.sub)), second, 'a rejected update changes nothing');
      const other = await givenPool(store());
      await store().users.insertUser({ ...userRecord(other), usernameKey: user.usernameKey, sub: user.sub, emailAlias: 'e@example.com' });
    });

    it('updateUser makes the row the given record (by pool and sub); a missing user is left alone', async () => {
      const { poolId, user } = await givenUser(store());
      const next = { ...user, username: 'Renamed', usernameKey: 'renamed', status: 'RESET_REQUIRED', enabled: false, attributes: { name: 'N' }, emailAlias: 'n@example.com', passwordSealed: null, mfaOptions: null, failedAttempts: 0, lockedUntil: 0, updatedAt: user.updatedAt + 9 };
      await store().users.updateUser(next);
      assert.deepEqual(withoutSeq(await store().users.findUserBySub(poolId, user.sub)), next);
      await store().users.updateUser(next);
      await store().users.updateUser({ ...next, sub: '00000000-0000-0000-0000-000000000000' });
      assert.equal(await store().users.countUsers(poolId), 1);
    });

    it('setUserTokensValidAfter and setUserMfaOptions change only their columns', async () => {
      const { poolId, user } = await givenUser(store());
      await store().users.setUserTokensValidAfter(poolId, user.sub, 42);
      await store().users.setUserMfaOptions(poolId, user.sub, null, user.updatedAt + 1);
      assert.deepEqual(withoutSeq(await store().users.findUserBySub(poolId, user.sub)), { ...user, tokensValidAfter: 42, mfaOptions: null, updatedAt: user.updatedAt + 1 });
      await store().users.setUserMfaOptions(poolId, user.sub, [{ DeliveryMedium: 'SMS' }], user.updatedAt + 2);
      assert.deepEqual((await store().users.findUserBySub(poolId, user.sub))!.mfaOptions, [{ DeliveryMedium: 'SMS' }]);
    });

    it('deleteUser says whether it deleted; countUsers counts one pool', async () => {
      const { poolId, user } = await givenUser(store());
      await store().users.insertUser(userRecord(poolId));
      await givenUser(store());
      assert.equal(await store().users.countUsers(poolId), 2);
      assert.equal(await store().users.deleteUser(poolId, user.sub), true);
      assert.equal(await store().users.deleteUser(poolId, user.sub), false);
      assert.equal(await store().users.findUserBySub(poolId, user.sub), undefined);
      assert.equal(await store().users.countUsers(poolId), 1);
    });

    it('listUsers pages in creation order with an `after` cursor, and never repeats or skips across inserts and deletes', async () => {
      const poolId = await givenPool(store());
      const users = [];
      for (let i = 0; i < 5; i++) {
        const u = userRecord(poolId);
        await store().users.insertUser(u);
        users.push(u);
      }
      const page1 = await store().users.listUsers(poolId, { limit: 2 });
      assert.deepEqual(page1.map(withoutSeq), users.slice(0, 2));
      await store().users.deleteUser(poolId, users[2]!.sub);
      const late = userRecord(poolId);
      await store().users.insertUser(late);
      const page2 = await store().users.listUsers(poolId, { limit: 10, after: { seq: page1[1]!.seq! } });
      assert.deepEqual(page2.map((u) => u.sub), [users[3]!.sub, users[4]!.sub, late.sub]);
    });

    it('listUsers filters by equals and startsWith on a column, ordered by (value, seq), with a value cursor', async () => {
      const poolId = await givenPool(store());
      const named = async (name: string, enabled = true) => {
        const u = userRecord(poolId, { attributes: { name }, enabled });
        await store().users.insertUser(u);
        return u.sub;
      };
      const bob2 = await named('Bob');
      const alice = await named('Alice');
      const bob1 = await named('bob');
      const bobby = await named('Bobby');
      const carol = await named('Carol', false);
      const eq = await store().users.listUsers(poolId, { column: 'name_lc', op: 'equals', value: 'bob', limit: 10 });
      assert.deepEqual(eq.map((u) => u.sub), [bob2, bob1]);
      const starts = await store().users.listUsers(poolId, { column: 'name_lc', op: 'startsWith', value: 'bo', limit: 2 });
      assert.deepEqual(starts.map((u) => u.sub), [bob2, bob1]);
      const last = starts[1]!;
      const rest = await store().users.listUsers(poolId, { column: 'name_lc', op: 'startsWith', value: 'bo', limit: 2, after: { value: 'bob', seq: last.seq! } });
      assert.deepEqual(rest.map((u) => u.sub), [bobby]);
      const enabled = await store().users.listUsers(poolId, { column: 'enabled', op: 'equals', value: 1, limit: 10 });
      assert.deepEqual(enabled.map((u) => u.sub), [bob2, alice, bob1, bobby]);
      assert.deepEqual((await store().users.listUsers(poolId, { column: 'enabled', op: 'equals', value: 0, limit: 10 })).map((u) => u.sub), [carol]);
    });

    it('listUserListings pages like listUsers but carries only what a listing shows', async () => {
      const poolId = await givenPool(store());
      const u = userRecord(poolId);
      await store().users.insertUser(u);
      const [listing] = await store().users.listUserListings(poolId, { limit: 10 });
      const { seq, ...rest } = listing!;
      assert.equal(typeof seq, 'number');
      assert.deepEqual(rest, { poolId, sub: u.sub, username: u.username, usernameKey: u.usernameKey, status: u.status, enabled: u.enabled, attributes: u.attributes, mfaOptions: u.mfaOptions, createdAt: u.createdAt, updatedAt: u.updatedAt });
    });

    it('insertUsersSkippingConflicts inserts what breaks no rule and returns those subs; findTakenUsernameKeys finds existing usernames', async () => {
      const { poolId, user } = await givenUser(store(), { emailAlias: 'taken@example.com' });
      const ok1 = userRecord(poolId);
      const ok2 = userRecord(poolId);
      const dupName = { ...userRecord(poolId), usernameKey: user.usernameKey };
      const dupAlias = { ...userRecord(poolId), emailAlias: 'taken@example.com' };
      const inserted = await store().transaction((tx) => tx.users.insertUsersSkippingConflicts([ok1, dupName, ok2, dupAlias]));
      assert.deepEqual([...inserted].sort(), [ok1.sub, ok2.sub].sort());
      assert.deepEqual(withoutSeq(await store().users.findUserBySub(poolId, ok1.sub)), ok1);
      assert.equal(await store().users.findUserBySub(poolId, dupName.sub), undefined);
      assert.equal(await store().users.countUsers(poolId), 3);
      assert.deepEqual(await store().users.insertUsersSkippingConflicts([]), new Set());
      const taken = await store().users.findTakenUsernameKeys(poolId, [user.usernameKey, ok2.usernameKey, 'nobody']);
      assert.deepEqual([...taken].sort(), [user.usernameKey, ok2.usernameKey].sort());
      assert.deepEqual(await store().users.findTakenUsernameKeys(await givenPool(store()), [user.usernameKey]), new Set());
    });
  });
});
