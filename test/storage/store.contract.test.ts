/** Store: the dialect it names, and transaction(): all of fn's writes land together, or none when fn throws. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachStore, useStore } from '../helpers/stores.ts';
import { clientRecord, givenPool, poolRecord, userRecord } from './records.ts';

await forEachStore((kind, open) => {
  describe(`Store contract (${kind})`, () => {
    const store = useStore(open);

    it('names its dialect', () => {
      assert.equal(store().dialect, kind);
    });

    it('transaction() commits every write of fn and returns what fn returns', async () => {
      const p = poolRecord();
      const u = userRecord(p.id);
      const result = await store().transaction(async (tx) => {
        await tx.pools.insertPool(p);
        await tx.users.insertUser(u);
        return 'done';
      });
      assert.equal(result, 'done');
      assert.ok(await store().pools.findPool(p.id));
      assert.ok(await store().users.findUserBySub(p.id, u.sub));
    });

    it('transaction() rolls back every write of every port when fn throws, and rethrows', async () => {
      const poolId = await givenPool(store());
      const before = await store().pools.findPool(poolId);
      const p = poolRecord();
      const u = userRecord(poolId);
      const c = clientRecord(poolId);
      await assert.rejects(
        store().transaction(async (tx) => {
          await tx.pools.insertPool(p);
          await tx.users.insertUser(u);
          await tx.clients.insertClient(c);
          assert.equal(await tx.pools.updatePoolIfUnchanged({ ...before!, name: 'changed', updatedAt: before!.updatedAt + 1 }, before!.updatedAt), true);
          assert.equal((await tx.pools.findPool(poolId))!.name, 'changed', 'the transaction reads its own writes');
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await store().pools.findPool(p.id), undefined);
      assert.equal(await store().users.findUserBySub(poolId, u.sub), undefined);
      assert.equal(await store().clients.findClient(poolId, c.id), undefined);
      assert.deepEqual(await store().pools.findPool(poolId), before, 'the pool read after the rollback is the committed one');
    });

    it('a nested transaction() joins the outer one: the outer failure undoes the inner writes', async () => {
      const p = poolRecord();
      await assert.rejects(
        store().transaction(async (tx) => {
          await tx.transaction(async (inner) => inner.pools.insertPool(p));
          throw new Error('outer');
        }),
        /outer/,
      );
      assert.equal(await store().pools.findPool(p.id), undefined);
    });
  });
});
