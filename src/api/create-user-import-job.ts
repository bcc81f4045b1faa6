import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { jobView } from './import-common.ts';
import { newImportJobId } from '../domain/import/jobs.ts';
import type { ImportJobRecord } from '../storage/ports/index.ts';

/** A job in Created with a pre-signed PUT URL (15 minutes) for the CSV; CloudWatchLogsRoleArn is stored as given. */
export const createUserImportJob: Handler<'CreateUserImportJob'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
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
  return { UserImportJob: jobView(ctx, job) };
};
