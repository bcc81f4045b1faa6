/** PoolsStore: pools round-trip whole, list by region in id order, and change by compare-and-set only. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { countWinners, forEachStore, useStore } from '../helpers/stores.ts';
import { poolRecord, rejectsUnique, unique, T0 } from './records.ts';

await forEachStore((kind, open) => {
  describe(`PoolsStore contract (${kind})`, () => {
    const store = useStore(open);

    it('a pool round-trips with every field, and reads come back deeply frozen', async () => {
      const p = poolRecord();
      await store().pools.insertPool(p);
      const read = await store().pools.findPool(p.id);
      assert.deepEqual(read, p);
      assert.ok(Object.isFrozen(read) && Object.isFrozen(read!.config) && Object.isFrozen((read!.config['Policies'] as Record<string, unknown>)['PasswordPolicy']));
      assert.deepEqual(await store().pools.findPool(p.id), p, 'a second read (served from the parsed-pool cache) is the same');
    });

    it('a missing pool is undefined; a second pool with the same id breaks rule "pool"', async () => {
      assert.equal(await store().pools.findPool('us-east-1_nothere'), undefined);
      const p = poolRecord();
      await store().pools.insertPool(p);
      await rejectsUnique(store().pools.insertPool({ ...p, name: 'other' }), 'pool');
    });

    it('deletePool says whether a pool was deleted, and a deleted pool is not found (even when read before)', async () => {
      const p = poolRecord();
      await store().pools.insertPool(p);
      await store().pools.findPool(p.id);
      assert.equal(await store().pools.deletePool(p.id), true);
      assert.equal(await store().pools.findPool(p.id), undefined);
      assert.equal(await store().pools.deletePool(p.id), false);
    });

    it('listPoolsInRegion lists the region only, in id order, after the cursor', async () => {
      const region = unique('xx-test-').toLowerCase();
      const ids = [`${region}_c`, `${region}_a`, `${region}_b`, `${region}_d`];
      for (const id of ids) await store().pools.insertPool(poolRecord(id));
      await store().pools.insertPool(poolRecord(`${region}x_a`));
      await store().pools.insertPool(poolRecord(`${region.slice(0, -1)}_a`));
      const page1 = await store().pools.listPoolsInRegion(region, undefined, 3);
      assert.deepEqual(page1.map((p) => p.id), [`${region}_a`, `${region}_b`, `${region}_c`]);
      assert.deepEqual(page1[0], poolRecord(`${region}_a`));
      const page2 = await store().pools.listPoolsInRegion(region, page1.at(-1)!.id, 3);
      assert.deepEqual(page2.map((p) => p.id), [`${region}_d`]);
      assert.deepEqual(await store().pools.listPoolsInRegion(region, `${region}_d`, 3), []);
    });

    it('listPoolIds lists every region, in id order, after the cursor', async () => {
      const region = unique('yy-test-').toLowerCase();
      const ids = [`${region}_b`, `${region}x_a`, `${region}_a`];
      for (const id of ids) await store().pools.insertPool(poolRecord(id));
      const listed: string[] = [];
      for (let after: string | undefined; ; ) {
        const page = await store().pools.listPoolIds(after, 2);
        listed.push(...page);
        if (page.length < 2) break;
        after = page.at(-1);
      }
      assert.deepEqual(listed, [...listed].sort(), 'id order');
      assert.deepEqual(listed.filter((id) => id.startsWith(region)), [`${region}_a`, `${region}_b`, `${region}x_a`]);
    });

    it('updatePoolIfUnchanged writes only over the expected version; reads then see the new one', async () => {
      const p = poolRecord();
      await store().pools.insertPool(p);
      await store().pools.findPool(p.id);
      const next = { ...p, name: 'renamed', config: { MfaConfiguration: 'ON' }, updatedAt: p.updatedAt + 10 };
      assert.equal(await store().pools.updatePoolIfUnchanged(next, p.updatedAt - 1), false, 'a stale expectation loses');
      assert.deepEqual(await store().pools.findPool(p.id), p);
      assert.equal(await store().pools.updatePoolIfUnchanged(next, p.updatedAt), true);
      assert.deepEqual(await store().pools.findPool(p.id), next);
      assert.equal(await store().pools.updatePoolIfUnchanged({ ...next, id: 'us-east-1_gone' }, next.updatedAt), false, 'a missing pool is not written');
    });

    it('updatePoolIfUnchanged: of 10 concurrent writers over one version, exactly one wins', async () => {
      const p = poolRecord(undefined, { updatedAt: T0 });
      await store().pools.insertPool(p);
      const winners = await countWinners(10, (i) => store().pools.updatePoolIfUnchanged({ ...p, name: `writer ${i}`, updatedAt: T0 + 1 + i }, T0));
      assert.equal(winners, 1);
      const after = await store().pools.findPool(p.id);
      assert.equal(after!.updatedAt - T0 - 1, Number(after!.name.replace('writer ', '')), 'the row is the winner\'s whole write');
    });
  });
});
