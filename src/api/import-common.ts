import type { RequestContext } from '../domain/context.ts';
import { CognitoError } from '../domain/errors.ts';
import { isExpired, toUserImportJobType, uploadPathOf } from '../domain/import/jobs.ts';
import { importRunnerFor } from '../domain/import/runner.ts';
import type { UserImportJobType } from '../generated/shapes.ts';
import type { ImportJobRecord } from '../storage/ports/index.ts';

/** The job of the pool, or `ResourceNotFoundException`; a job left in Created too long becomes Expired. */
export async function requireImportJob(ctx: RequestContext, poolId: string, jobId: string): Promise<ImportJobRecord> {
  const job = await ctx.deps.store.imports.findImportJob(jobId);
  if (!job || job.poolId !== poolId) throw new CognitoError('ResourceNotFoundException', `User import job ${jobId} does not exist in user pool ${poolId}.`);
  return expireIfDue(ctx, job);
}

/** Created jobs past their lifetime read as Expired; their upload is deleted, as AWS deletes it. */
export async function expireIfDue(ctx: RequestContext, job: ImportJobRecord): Promise<ImportJobRecord> {
  const now = ctx.deps.now();
  if (!isExpired(job, now)) return job;
  await ctx.deps.store.imports.updateImportJob(job.jobId, { status: 'Expired', updatedAt: now }, { from: ['Created'] });
  if (job.filePath === null) await ctx.deps.importFiles.remove(uploadPathOf(ctx.deps.config.dataDir, job.jobId));
  return (await ctx.deps.store.imports.findImportJob(job.jobId)) ?? job;
}

export function jobView(ctx: RequestContext, job: ImportJobRecord): UserImportJobType {
  return toUserImportJobType(job, ctx.deps.publicUrl(), ctx.deps.tokenKey);
}

export const runnerOf = (ctx: RequestContext): ReturnType<typeof importRunnerFor> => importRunnerFor(ctx.deps, ctx.log);

export const preconditionNotMet = (message: string): CognitoError => new CognitoError('PreconditionNotMetException', message);
