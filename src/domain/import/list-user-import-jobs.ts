import type { Deps } from '../context.ts';
import { createdAtCursor, page, type Page } from '../paging.ts';
import type { ImportJobRecord } from '../../storage/ports/index.ts';

/** Import job tokens' cursor: `{ t: <created at>, j: <job id> }`. */
const JOB_CURSOR = createdAtCursor('j');

/** ListUserImportJobs: the pool's jobs, newest first (as AWS lists them); MaxResults (1–60) is required; keyset paging. */
export function listUserImportJobs(deps: Deps, poolId: string, maxResults: number, token: string | undefined): Promise<Page<ImportJobRecord>> {
  return page(deps, {
    scope: `ListUserImportJobs:${poolId}`,
    token,
    limit: maxResults,
    codec: JOB_CURSOR,
    fetch: (after, size) => deps.store.imports.listImportJobs(poolId, after && { createdAt: after.createdAt, jobId: after.id }, size),
    cursorOf: (job) => ({ createdAt: job.createdAt, id: job.jobId }),
  });
}
