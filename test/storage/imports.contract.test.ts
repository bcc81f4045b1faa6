/** ImportsStore: import jobs round-trip, list newest first, move by guarded compare-and-set, are claimed by one runner; logs list by line. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ImportJobRecord } from '../../src/storage/ports/index.ts';
import { countWinners, forEachStore, useStore } from '../helpers/stores.ts';
import { givenPool, rejectsUnique, unique, T0 } from './records.ts';

const job = (poolId: string, over: Partial<ImportJobRecord> = {}): ImportJobRecord => ({
  jobId: unique('import-'),
  poolId,
  jobName: 'nightly',
  status: 'Created',
  cloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/logs',
  createdAt: T0,
  startedAt: T0 + 1,
  completedAt: T0 + 2,
  importedUsers: 3,
  skippedUsers: 4,
  failedUsers: 5,
  completionMessage: 'done',
  filePath: '/tmp/users.csv',
  uploadedAt: T0 + 6,
  uploadedBytes: 7,
  offsetBytes: 8,
  lineNumber: 9,
  runnerId: 'runner-a',
  heartbeatAt: T0 + 10,
  updatedAt: T0 + 11,
  ...over,
});

const fresh = { startedAt: null, completedAt: null, completionMessage: null, filePath: null, uploadedAt: null, uploadedBytes: null, runnerId: null, heartbeatAt: null, cloudWatchLogsRoleArn: null } as const;

await forEachStore((kind, open) => {
  describe(`ImportsStore contract (${kind})`, () => {
    const store = useStore(open);

    it('a job round-trips with every field (and with nulls); a missing one is undefined; a repeated id breaks a rule', async () => {
      const poolId = await givenPool(store());
      const j = job(poolId);
      await store().imports.insertImportJob(j);
      assert.deepEqual(await store().imports.findImportJob(j.jobId), j);
      const bare = job(poolId, fresh);
      await store().imports.insertImportJob(bare);
      assert.deepEqual(await store().imports.findImportJob(bare.jobId), bare);
      assert.equal(await store().imports.findImportJob('nothere'), undefined);
      await rejectsUnique(store().imports.insertImportJob(j), 'other');
    });

    it('hasImportInProgress is true while a job of the pool is Pending, InProgress or Stopping', async () => {
      const poolId = await givenPool(store());
      const j = job(poolId, { status: 'Created' });
      await store().imports.insertImportJob(j);
      await store().imports.insertImportJob(job(await givenPool(store()), { status: 'InProgress' }));
      assert.equal(await store().imports.hasImportInProgress(poolId), false);
      for (const status of ['Pending', 'InProgress', 'Stopping'] as const) {
        await store().imports.updateImportJob(j.jobId, { status });
        assert.equal(await store().imports.hasImportInProgress(poolId), true, status);
      }
      for (const status of ['Stopped', 'Failed', 'Succeeded', 'Expired'] as const) {
        await store().imports.updateImportJob(j.jobId, { status });
        assert.equal(await store().imports.hasImportInProgress(poolId), false, status);
      }
    });

    it('listImportJobs lists a pool newest first, ties by id descending, after the keyset cursor', async () => {
      const poolId = await givenPool(store());
      const jobs = [job(poolId, { createdAt: T0 + 1 }), job(poolId, { createdAt: T0 + 2 }), job(poolId, { createdAt: T0 + 2 }), job(poolId, { createdAt: T0 })];
      for (const j of jobs) await store().imports.insertImportJob(j);
      await store().imports.insertImportJob(job(await givenPool(store())));
      const expected = [jobs[2]!, jobs[1]!, jobs[0]!, jobs[3]!];
      const page1 = await store().imports.listImportJobs(poolId, undefined, 2);
      assert.deepEqual(page1, expected.slice(0, 2));
      const last = page1[1]!;
      assert.deepEqual(await store().imports.listImportJobs(poolId, { createdAt: last.createdAt, jobId: last.jobId }, 10), expected.slice(2));
    });

    it('updateImportJob writes the patch only while the guard holds (status among `from`, owned by `runnerId`)', async () => {
      const poolId = await givenPool(store());
      const j = job(poolId, { ...fresh, status: 'Created' });
      await store().imports.insertImportJob(j);
      assert.equal(await store().imports.updateImportJob(j.jobId, { status: 'Pending' }, { from: ['InProgress'] }), false);
      assert.equal(await store().imports.updateImportJob(j.jobId, { status: 'Pending', startedAt: T0 + 5, runnerId: 'r1' }, { from: ['Created'] }), true);
      assert.equal(await store().imports.updateImportJob(j.jobId, { importedUsers: 99 }, { runnerId: 'r2' }), false);
      assert.equal(await store().imports.updateImportJob(j.jobId, { importedUsers: 99, completionMessage: null }, { from: ['Pending'], runnerId: 'r1' }), true);
      assert.deepEqual(await store().imports.findImportJob(j.jobId), { ...j, status: 'Pending', startedAt: T0 + 5, runnerId: 'r1', importedUsers: 99 });
      assert.equal(await store().imports.updateImportJob('nothere', { status: 'Failed' }), false);
      const racers = await countWinners(10, (i) => store().imports.updateImportJob(j.jobId, { status: 'Stopping', completionMessage: `stopper ${i}` }, { from: ['Pending'] }));
      assert.equal(racers, 1, 'of 10 concurrent transitions from one status exactly one wins');
    });

    it('claimImportJob takes an unfinished job that nobody runs or whose runner went silent; of 10 concurrent claims one wins', async () => {
      const poolId = await givenPool(store());
      const created = job(poolId, { ...fresh, status: 'Created' });
      const released = job(poolId, { ...fresh, status: 'InProgress' });
      const busy = job(poolId, { ...fresh, status: 'InProgress', runnerId: 'other', heartbeatAt: T0 + 100 });
      const silent = job(poolId, { ...fresh, status: 'Stopping', runnerId: 'other', heartbeatAt: T0 - 100 });
      for (const j of [created, released, busy, silent]) await store().imports.insertImportJob(j);
      assert.equal(await store().imports.claimImportJob(created.jobId, 'me', T0, T0 + 1), false, 'not started');
      assert.equal(await store().imports.claimImportJob(busy.jobId, 'me', T0, T0 + 1), false, 'its runner is alive');
      assert.equal(await store().imports.claimImportJob(silent.jobId, 'me', T0, T0 + 1), true);
      assert.deepEqual(await store().imports.findImportJob(silent.jobId), { ...silent, runnerId: 'me', heartbeatAt: T0 + 1, updatedAt: T0 + 1 });
      assert.equal(await countWinners(10, (i) => store().imports.claimImportJob(released.jobId, `runner-${i}`, T0, T0 + 1)), 1);
      assert.equal(await store().imports.claimImportJob('nothere', 'me', T0, T0 + 1), false);
    });

    it('listUnfinishedImportJobs lists Pending, InProgress and Stopping jobs of every pool, oldest first, up to the limit', async () => {
      const poolId = await givenPool(store());
      const other = await givenPool(store());
      const a = job(poolId, { status: 'InProgress', createdAt: T0 - 3 });
      const b = job(other, { status: 'Pending', createdAt: T0 - 2 });
      const c = job(poolId, { status: 'Stopping', createdAt: T0 - 1 });
      for (const j of [c, job(poolId, { status: 'Succeeded', createdAt: T0 - 9 }), b, a]) await store().imports.insertImportJob(j);
      const unfinished = (await store().imports.listUnfinishedImportJobs(100)).filter((j) => j.poolId === poolId || j.poolId === other);
      assert.deepEqual(unfinished, [a, b, c]);
      assert.equal((await store().imports.listUnfinishedImportJobs(1)).length, 1);
    });

    it('countUnfinishedImportJobs counts Pending, InProgress and Stopping jobs of every pool', async () => {
      const before = await store().imports.countUnfinishedImportJobs();
      const poolId = await givenPool(store());
      const other = await givenPool(store());
      for (const j of [job(poolId, { status: 'InProgress' }), job(other, { status: 'Pending' }), job(poolId, { status: 'Stopping' }), job(poolId, { status: 'Succeeded' }), job(other, { status: 'Failed' })]) {
        await store().imports.insertImportJob(j);
      }
      assert.equal(await store().imports.countUnfinishedImportJobs(), before + 3);
    });

    it('the log keeps each line once and lists it in line order after a line', async () => {
      const poolId = await givenPool(store());
      const j = job(poolId);
      await store().imports.insertImportJob(j);
      await store().imports.insertImportLog(j.jobId, [
        { lineNumber: 5, outcome: 'FAILED', message: 'bad email' },
        { lineNumber: 2, outcome: 'SKIPPED', message: 'exists' },
      ]);
      await store().imports.insertImportLog(j.jobId, [{ lineNumber: 5, outcome: 'SKIPPED', message: 'again' }]);
      await store().imports.insertImportLog(j.jobId, []);
      assert.deepEqual(await store().imports.listImportLog(j.jobId, 0, 10), [
        { lineNumber: 2, outcome: 'SKIPPED', message: 'exists' },
        { lineNumber: 5, outcome: 'FAILED', message: 'bad email' },
      ]);
      assert.deepEqual((await store().imports.listImportLog(j.jobId, 2, 10)).map((e) => e.lineNumber), [5]);
      assert.deepEqual(await store().imports.listImportLog(j.jobId, 0, 1), [{ lineNumber: 2, outcome: 'SKIPPED', message: 'exists' }]);
      assert.deepEqual(await store().imports.listImportLog('nothere', 0, 10), []);
    });
  });
});
