/** MessagesStore: the outbox keeps every field, lists newest first (per pool, optionally per user), and purges by age. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { MessageRecord } from '../../src/storage/ports/index.ts';
import { forEachStore, useStore } from '../helpers/stores.ts';
import { givenPool, T0 } from './records.ts';

const message = (poolId: string, username: string, createdAt: number, over: Partial<MessageRecord> = {}): MessageRecord => ({
  poolId,
  username,
  channel: 'EMAIL',
  destination: `${username}@example.com`,
  kind: 'SIGN_UP',
  code: '123456',
  subject: 'Your code',
  body: `Your code is 123456 (${createdAt})`,
  createdAt,
  ...over,
});

const withoutId = ({ id: _id, ...m }: MessageRecord) => m;

await forEachStore((kind, open) => {
  describe(`MessagesStore contract (${kind})`, () => {
    const store = useStore(open);

    it('messages round-trip with every field (the store numbers them), newest first, per pool and per user, up to the limit', async () => {
      const poolId = await givenPool(store());
      const m1 = message(poolId, 'ann', T0);
      const m2 = message(poolId, 'bob', T0 + 1, { channel: 'SMS', destination: '+15550100', code: null, subject: null });
      const m3 = message(poolId, 'ann', T0 + 2, { kind: 'FORGOT_PASSWORD' });
      for (const m of [m1, m2, m3]) await store().messages.insertMessage(m);
      await store().messages.insertMessage(message(await givenPool(store()), 'ann', T0 + 3));
      const all = await store().messages.listMessages(poolId, undefined, 10);
      assert.deepEqual(all.map(withoutId), [m3, m2, m1]);
      assert.ok(all.every((m) => typeof m.id === 'number'));
      assert.deepEqual((await store().messages.listMessages(poolId, 'ann', 10)).map(withoutId), [m3, m1]);
      assert.deepEqual((await store().messages.listMessages(poolId, undefined, 1)).map(withoutId), [m3]);
      assert.deepEqual(await store().messages.listMessages(poolId, 'nobody', 10), []);
      const everyPool = await store().messages.listMessages(undefined, undefined, 1000);
      assert.deepEqual(everyPool.slice(0, 4).map((m) => [m.username, m.createdAt]), [['ann', T0 + 3], ['ann', T0 + 2], ['bob', T0 + 1], ['ann', T0]], 'every pool, newest first');
    });

    it('purgeMessages deletes messages created before the cutoff and keeps the rest', async () => {
      const poolId = await givenPool(store());
      for (const t of [T0, T0 + 10, T0 + 20]) await store().messages.insertMessage(message(poolId, 'u', t));
      await store().messages.purgeMessages(T0 + 10);
      assert.deepEqual((await store().messages.listMessages(poolId, undefined, 10)).map((m) => m.createdAt), [T0 + 20, T0 + 10]);
    });
  });
});
