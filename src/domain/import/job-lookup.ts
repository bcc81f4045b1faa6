/** Reading user import jobs as the API shows them: a pool's job by id, Created jobs that ran out of time read as Expired. */
import type { RequestContext } from '../context.ts';
import { CognitoError } from '../errors.ts';
import type { UserImportJobType } from '../../generated/shapes.ts';
import type { ImportJobRecord } from '../../storage/ports/index.ts';
import { isExpired, toUserImportJobType, uploadPathOf } from './jobs.ts';

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

/** The UserImportJobType of a job (its pre-signed upload URL included). */
export function jobView(ctx: RequestContext, job: ImportJobRecord): UserImportJobType {
  return toUserImportJobType(job, ctx.deps.publicUrl(), ctx.deps.tokenKey);
}
