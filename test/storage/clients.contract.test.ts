/** ClientsStore: app clients round-trip with their config and secrets, list in id order, per pool. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { forEachStore, useStore } from '../helpers/stores.ts';
import { clientRecord, givenPool, rejectsUnique } from './records.ts';

await forEachStore((kind, open) => {
  describe(`ClientsStore contract (${kind})`, () => {
    const store = useStore(open);

    it('a client round-trips with every field, by pool and id or by id alone', async () => {
      const poolId = await givenPool(store());
      const c = clientRecord(poolId);
      await store().clients.insertClient(c);
      assert.deepEqual(await store().clients.findClient(poolId, c.id), c);
      assert.deepEqual(await store().clients.findClientById(c.id), c);
      assert.deepEqual(await store().transaction((tx) => tx.clients.findClientForUpdate(poolId, c.id)), c);
      const pub = clientRecord(poolId, { secretSealed: null, config: {} });
      await store().clients.insertClient(pub);
      assert.deepEqual(await store().clients.findClient(poolId, pub.id), pub, 'a public client has no secret');
    });

    it('a missing client is undefined, also under another pool; a second client with the same id breaks rule "client"', async () => {
      const poolId = await givenPool(store());
      const other = await givenPool(store());
      const c = clientRecord(poolId);
      await store().clients.insertClient(c);
      assert.equal(await store().clients.findClient(poolId, 'nothere'), undefined);
      assert.equal(await store().clients.findClientById('nothere'), undefined);
      assert.equal(await store().clients.findClient(other, c.id), undefined);
      assert.equal(await store().transaction((tx) => tx.clients.findClientForUpdate(other, c.id)), undefined);
      await rejectsUnique(store().clients.insertClient({ ...c, poolId: other }), 'client');
    });

    it('updateClient rewrites name, secret and config; setClientSecrets sets the list and the shown secret', async () => {
      const poolId = await givenPool(store());
      const c = clientRecord(poolId);
      await store().clients.insertClient(c);
      const next = { ...c, name: 'renamed', secretSealed: null, config: { AllowedOAuthFlows: ['code'] }, updatedAt: c.updatedAt + 5 };
      await store().clients.updateClient(next);
      assert.deepEqual(await store().clients.findClient(poolId, c.id), next);
      const secrets = [
        { id: `${c.id}--1`, sealed: 'b25l', createdAt: 1 },
        { id: `${c.id}--2`, sealed: 'dHdv', createdAt: 2 },
      ];
      await store().clients.setClientSecrets(poolId, c.id, 'b25l', secrets);
      assert.deepEqual(await store().clients.findClient(poolId, c.id), { ...next, secretSealed: 'b25l', secrets });
    });

    it('listClients lists one pool in id order after the cursor', async () => {
      const poolId = await givenPool(store());
      const other = await givenPool(store());
      for (const id of ['c3', 'c1', 'c2']) await store().clients.insertClient(clientRecord(poolId, { id: `${poolId}-${id}` }));
      await store().clients.insertClient(clientRecord(other));
      const page1 = await store().clients.listClients(poolId, undefined, 2);
      assert.deepEqual(page1.map((c) => c.id), [`${poolId}-c1`, `${poolId}-c2`]);
      assert.deepEqual(page1[0], clientRecord(poolId, { id: `${poolId}-c1` }));
      assert.deepEqual((await store().clients.listClients(poolId, page1[1]!.id, 2)).map((c) => c.id), [`${poolId}-c3`]);
    });

    it('deleteClient says whether it deleted, and only within the pool', async () => {
      const poolId = await givenPool(store());
      const other = await givenPool(store());
      const c = clientRecord(poolId);
      await store().clients.insertClient(c);
      assert.equal(await store().clients.deleteClient(other, c.id), false);
      assert.equal(await store().clients.deleteClient(poolId, c.id), true);
      assert.equal(await store().clients.findClient(poolId, c.id), undefined);
      assert.equal(await store().clients.deleteClient(poolId, c.id), false);
    });
  });
});
