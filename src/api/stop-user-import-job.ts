import { setTimeout as sleep } from 'node:timers/promises';
import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { jobView, preconditionNotMet, requireImportJob, runnerOf } from './import-common.ts';
import { MESSAGE_STOPPED } from '../domain/import/jobs.ts';

/** How long to wait for a local runner to reach its batch boundary, so the answer usually says Stopped. */
const SETTLE_MS = 1000;

/**
 * Pending / InProgress → Stopping → Stopped ("The Import Job was stopped by the developer."): the
 * runner stops between batches; users already imported stay. Other statuses → PreconditionNotMetException.
 */
export const stopUserImportJob: Handler<'StopUserImportJob'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const job = await requireImportJob(ctx, pool.id, input.JobId);
  const { store } = ctx.deps;
  const now = ctx.deps.now();
  if (job.status !== 'Pending' && job.status !== 'InProgress') {
    throw preconditionNotMet(`The import job ${job.jobId} cannot be stopped: its status is ${job.status}.`);
  }
  const runner = runnerOf(ctx);
  // A Pending job has imported nothing yet: it stops at once (its runner sees the status and quits).
  const stoppedNow = job.status === 'Pending'
    && (await store.imports.updateImportJob(job.jobId, { status: 'Stopped', completedAt: now, completionMessage: MESSAGE_STOPPED, runnerId: null, updatedAt: now }, { from: ['Pending'] }));
  if (!stoppedNow) {
    const stopping = await store.imports.updateImportJob(job.jobId, { status: 'Stopping', updatedAt: now }, { from: ['InProgress', 'Pending'] });
    if (!stopping) {
      const current = await requireImportJob(ctx, pool.id, job.jobId);
      throw preconditionNotMet(`The import job ${job.jobId} cannot be stopped: its status is ${current.status}.`);
    }
    runner.requestStop(job.jobId);
    for (let waited = 0; runner.isRunning(job.jobId) && waited < SETTLE_MS; waited += 20) await sleep(20);
  }
  const current = await requireImportJob(ctx, pool.id, job.jobId);
  return { UserImportJob: jobView(ctx, current) };
};
