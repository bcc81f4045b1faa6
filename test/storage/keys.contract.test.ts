/** KeysStore: signing keys round-trip per pool in creation order; exactly one is active after setActiveSigningKey. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { SigningKeyRecord } from '../../src/storage/ports/index.ts';
import { forEachStore, useStore } from '../helpers/stores.ts';
import { givenPool, rejectsUnique, unique, T0 } from './records.ts';

const key = (poolId: string, createdAt: number, active = false): SigningKeyRecord => ({ kid: unique('kid-'), poolId, privateSealed: 'cHJpdmF0ZQ==', publicJwk: { kty: 'RSA', n: 'AQAB', e: 'AQAB', alg: 'RS256' }, active, createdAt });

await forEachStore((kind, open) => {
  describe(`KeysStore contract (${kind})`, () => {
    const store = useStore(open);

    it('keys round-trip with every field, listed per pool in creation order; an unknown pool has none', async () => {
      const poolId = await givenPool(store());
      const k2 = key(poolId, T0 + 2);
      const k1 = key(poolId, T0 + 1, true);
      await store().keys.insertSigningKey(k2);
      await store().keys.insertSigningKey(k1);
      await store().keys.insertSigningKey(key(await givenPool(store()), T0));
      assert.deepEqual(await store().keys.listSigningKeys(poolId), [k1, k2]);
      assert.deepEqual(await store().keys.listSigningKeys('us-east-1_nothere'), []);
    });

    it('a second key with the same kid breaks rule "kid"', async () => {
      const poolId = await givenPool(store());
      const k = key(poolId, T0);
      await store().keys.insertSigningKey(k);
      await rejectsUnique(store().keys.insertSigningKey({ ...k, poolId: await givenPool(store()) }), 'kid');
    });

    it('setActiveSigningKey leaves exactly that key of the pool active, and other pools alone', async () => {
      const poolId = await givenPool(store());
      const other = await givenPool(store());
      const keys = [key(poolId, T0, true), key(poolId, T0 + 1), key(poolId, T0 + 2, true)];
      for (const k of keys) await store().keys.insertSigningKey(k);
      const otherKey = key(other, T0, true);
      await store().keys.insertSigningKey(otherKey);
      await store().keys.setActiveSigningKey(poolId, keys[1]!.kid);
      assert.deepEqual((await store().keys.listSigningKeys(poolId)).map((k) => k.active), [false, true, false]);
      assert.deepEqual(await store().keys.listSigningKeys(other), [otherKey]);
    });
  });
});
