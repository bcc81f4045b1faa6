import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { expireIfDue, jobView } from '../domain/import/job-lookup.ts';
import { listUserImportJobs as listJobsOfPool } from '../domain/import/list-user-import-jobs.ts';

/** ListUserImportJobs: the pool's jobs newest first, MaxResults at a time; jobs left in Created too long read as Expired. */
export const listUserImportJobs: Handler<'ListUserImportJobs'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const jobs = await listJobsOfPool(ctx.deps, pool.id, input.MaxResults, input.PaginationToken);
  const current = await Promise.all(jobs.items.map((j) => expireIfDue(ctx, j)));
  return { UserImportJobs: current.map((j) => jobView(ctx, j)), ...(jobs.nextToken !== undefined ? { PaginationToken: jobs.nextToken } : {}) };
};
