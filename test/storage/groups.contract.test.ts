/** GroupsStore: groups round-trip and list by name; membership is idempotent and lists both ways with cursors. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { GroupRecord } from '../../src/storage/ports/index.ts';
import { forEachStore, useStore } from '../helpers/stores.ts';
import { givenPool, rejectsUnique, userRecord, withoutSeq, T0 } from './records.ts';

const group = (poolId: string, name: string, over: Partial<GroupRecord> = {}): GroupRecord => ({ poolId, name, description: `about ${name}`, roleArn: 'arn:aws:iam::123456789012:role/r', precedence: 3, createdAt: T0, updatedAt: T0 + 1, ...over });

await forEachStore((kind, open) => {
  describe(`GroupsStore contract (${kind})`, () => {
    const store = useStore(open);

    it('a group round-trips with every field; a missing one is undefined; a second of the same name breaks rule "group"', async () => {
      const poolId = await givenPool(store());
      const g = group(poolId, 'admins');
      await store().groups.insertGroup(g);
      assert.deepEqual(await store().groups.findGroup(poolId, 'admins'), g);
      const bare = group(poolId, 'bare', { description: null, roleArn: null, precedence: null });
      await store().groups.insertGroup(bare);
      assert.deepEqual(await store().groups.findGroup(poolId, 'bare'), bare);
      assert.equal(await store().groups.findGroup(poolId, 'nothere'), undefined);
      assert.equal(await store().groups.findGroup(await givenPool(store()), 'admins'), undefined);
      await rejectsUnique(store().groups.insertGroup(g), 'group');
    });

    it('updateGroup rewrites description, role and precedence; deleteGroup says whether it deleted', async () => {
      const poolId = await givenPool(store());
      const g = group(poolId, 'g');
      await store().groups.insertGroup(g);
      const next = { ...g, description: null, roleArn: null, precedence: 0, updatedAt: g.updatedAt + 1 };
      await store().groups.updateGroup(next);
      assert.deepEqual(await store().groups.findGroup(poolId, 'g'), next);
      assert.equal(await store().groups.deleteGroup(poolId, 'g'), true);
      assert.equal(await store().groups.deleteGroup(poolId, 'g'), false);
      assert.equal(await store().groups.findGroup(poolId, 'g'), undefined);
    });

    it('listGroups lists one pool by name after the cursor', async () => {
      const poolId = await givenPool(store());
      for (const n of ['c', 'a', 'b']) await store().groups.insertGroup(group(poolId, n));
      await store().groups.insertGroup(group(await givenPool(store()), 'a0'));
      const page1 = await store().groups.listGroups(poolId, undefined, 2);
      assert.deepEqual(page1, [group(poolId, 'a'), group(poolId, 'b')]);
      assert.deepEqual((await store().groups.listGroups(poolId, 'b', 2)).map((g) => g.name), ['c']);
    });

    it('members: adding twice changes nothing; groups of a user by name, users of a group by creation, with cursors; removal and deletes', async () => {
      const poolId = await givenPool(store());
      const users = [userRecord(poolId), userRecord(poolId), userRecord(poolId)];
      for (const u of users) await store().users.insertUser(u);
      for (const n of ['g2', 'g1', 'g3']) await store().groups.insertGroup(group(poolId, n));
      for (const u of [...users].reverse()) await store().groups.addGroupMember(poolId, 'g1', u.sub);
      await store().groups.addGroupMember(poolId, 'g1', users[0]!.sub);
      for (const n of ['g3', 'g2']) await store().groups.addGroupMember(poolId, n, users[0]!.sub);

      const members = await store().groups.listUsersInGroup(poolId, 'g1', undefined, 2);
      assert.deepEqual(members.map(withoutSeq), users.slice(0, 2), 'whole user records, in creation order');
      assert.deepEqual((await store().groups.listUsersInGroup(poolId, 'g1', members[1]!.seq, 2)).map((u) => u.sub), [users[2]!.sub]);
      const groups = await store().groups.listGroupsOfUser(poolId, users[0]!.sub, undefined, 2);
      assert.deepEqual(groups, [group(poolId, 'g1'), group(poolId, 'g2')]);
      assert.deepEqual((await store().groups.listGroupsOfUser(poolId, users[0]!.sub, 'g2', 2)).map((g) => g.name), ['g3']);

      await store().groups.removeGroupMember(poolId, 'g1', users[1]!.sub);
      await store().groups.removeGroupMember(poolId, 'g1', users[1]!.sub);
      assert.deepEqual((await store().groups.listUsersInGroup(poolId, 'g1', undefined, 10)).map((u) => u.sub), [users[0]!.sub, users[2]!.sub]);
      await store().users.deleteUser(poolId, users[2]!.sub);
      assert.deepEqual((await store().groups.listUsersInGroup(poolId, 'g1', undefined, 10)).map((u) => u.sub), [users[0]!.sub], 'a deleted user leaves its groups');
      await store().groups.deleteGroup(poolId, 'g2');
      assert.deepEqual((await store().groups.listGroupsOfUser(poolId, users[0]!.sub, undefined, 10)).map((g) => g.name), ['g1', 'g3'], 'a deleted group loses its members');
    });
  });
});
