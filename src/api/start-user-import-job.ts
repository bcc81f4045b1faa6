import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { jobView, preconditionNotMet, requireImportJob, runnerOf } from './import-common.ts';
import { importPrecondition } from '../domain/import/rows.ts';

/**
 * Created → Pending (→ InProgress in the background → Succeeded / Failed). Any other status, a pool
 * without auto-verified attributes, or another active import → PreconditionNotMetException.
 */
export const startUserImportJob: Handler<'StartUserImportJob'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const job = await requireImportJob(ctx, pool.id, input.JobId);
  if (job.status !== 'Created') throw preconditionNotMet(`The import job ${job.jobId} cannot be started: its status is ${job.status}.`);
  const problem = importPrecondition(pool);
  if (problem) throw preconditionNotMet(problem);
  const { store } = ctx.deps;
  const active = await store.imports.listUnfinishedImportJobs(1);
  if (active.length > 0) throw preconditionNotMet('Only one import job can be active at a time per account.');
  const runner = runnerOf(ctx);
  const now = ctx.deps.now();
  const started = await store.imports.updateImportJob(job.jobId, { status: 'Pending', startedAt: now, runnerId: runner.id, heartbeatAt: now, updatedAt: now }, { from: ['Created'] });
  if (!started) throw preconditionNotMet(`The import job ${job.jobId} cannot be started: it is no longer in Created.`);
  const pending = { ...job, status: 'Pending' as const, startedAt: now, runnerId: runner.id, heartbeatAt: now, updatedAt: now };
  runner.start(job.jobId);
  return { UserImportJob: jobView(ctx, pending) };
};
