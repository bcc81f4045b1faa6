/**
 * The life of a user import job as the API drives it: CreateUserImportJob, StartUserImportJob,
 * StopUserImportJob, DescribeUserImportJob (the CSV itself is read by runner.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { RequestContext } from '../context.ts';
import { CognitoError } from '../errors.ts';
import type { CreateUserImportJobRequest, UserImportJobType } from '../../generated/shapes.ts';
import type { ImportJobRecord, PoolRecord } from '../../storage/ports/index.ts';
import { jobView, requireImportJob } from './job-lookup.ts';
import { MESSAGE_STOPPED, newImportJobId } from './jobs.ts';
import { importPrecondition } from './rows.ts';
import { importRunnerFor } from './runner.ts';

/** How long StopUserImportJob waits for a local runner to reach its batch boundary, so the answer usually says Stopped. */
const SETTLE_MS = 1000;

const preconditionNotMet = (message: string): CognitoError => new CognitoError('PreconditionNotMetException', message);

/** CreateUserImportJob: a job in Created with a pre-signed PUT URL (15 minutes) for the CSV; CloudWatchLogsRoleArn is stored as given. */
export async function createImportJob(ctx: RequestContext, pool: PoolRecord, input: CreateUserImportJobRequest): Promise<UserImportJobType> {
  const now = ctx.deps.now();
  const job: ImportJobRecord = {
    jobId: newImportJobId(),
    poolId: pool.id,
    jobName: input.JobName,
    status: 'Created',
    cloudWatchLogsRoleArn: input.CloudWatchLogsRoleArn,
    createdAt: now,
    startedAt: null,
    completedAt: null,
    importedUsers: 0,
    skippedUsers: 0,
    failedUsers: 0,
    completionMessage: null,
    filePath: null,
    uploadedAt: null,
    uploadedBytes: null,
    offsetBytes: 0,
    lineNumber: 0,
    runnerId: null,
    heartbeatAt: null,
    updatedAt: now,
  };
  await ctx.deps.store.imports.insertImportJob(job);
  return jobView(ctx, job);
}

/** DescribeUserImportJob. */
export async function describeImportJob(ctx: RequestContext, pool: PoolRecord, jobId: string): Promise<UserImportJobType> {
  return jobView(ctx, await requireImportJob(ctx, pool.id, jobId));
}

/**
 * StartUserImportJob: Created → Pending (→ InProgress in the background → Succeeded / Failed).
 * Any other status, a pool without auto-verified attributes, or another active import →
 * PreconditionNotMetException.
 */
export async function startImportJob(ctx: RequestContext, pool: PoolRecord, jobId: string): Promise<UserImportJobType> {
  const job = await requireImportJob(ctx, pool.id, jobId);
  if (job.status !== 'Created') throw preconditionNotMet(`The import job ${job.jobId} cannot be started: its status is ${job.status}.`);
  const problem = importPrecondition(pool);
  if (problem) throw preconditionNotMet(problem);
  const { store } = ctx.deps;
  const active = await store.imports.listUnfinishedImportJobs(1);
  if (active.length > 0) throw preconditionNotMet('Only one import job can be active at a time per account.');
  const runner = importRunnerFor(ctx.deps, ctx.log);
  const now = ctx.deps.now();
  const started = await store.imports.updateImportJob(job.jobId, { status: 'Pending', startedAt: now, runnerId: runner.id, heartbeatAt: now, updatedAt: now }, { from: ['Created'] });
  if (!started) throw preconditionNotMet(`The import job ${job.jobId} cannot be started: it is no longer in Created.`);
  const pending = { ...job, status: 'Pending' as const, startedAt: now, runnerId: runner.id, heartbeatAt: now, updatedAt: now };
  runner.start(job.jobId);
  return jobView(ctx, pending);
}

/**
 * StopUserImportJob: Pending / InProgress → Stopping → Stopped ("The Import Job was stopped by the
 * developer."): the runner stops between batches; users already imported stay. Other statuses →
 * PreconditionNotMetException.
 */
export async function stopImportJob(ctx: RequestContext, pool: PoolRecord, jobId: string): Promise<UserImportJobType> {
  const job = await requireImportJob(ctx, pool.id, jobId);
  const { store } = ctx.deps;
  const now = ctx.deps.now();
  if (job.status !== 'Pending' && job.status !== 'InProgress') {
    throw preconditionNotMet(`The import job ${job.jobId} cannot be stopped: its status is ${job.status}.`);
  }
  const runner = importRunnerFor(ctx.deps, ctx.log);
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
  return jobView(ctx, await requireImportJob(ctx, pool.id, job.jobId));
}
