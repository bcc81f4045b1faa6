/**
 * The development reset (`POST /_userpool/reset`, `startUserpool().reset()`): deletes every user
 * pool — or one — with everything in it, as DeleteUserPool does through the database's cascades,
 * but without DeleteUserPool's guards (deletion protection, a configured domain, a running
 * import): a reset is for test set-ups, where those would only get in the way. Uploaded import
 * files of the deleted pools' jobs are removed too.
 */
import type { Deps } from '../context.ts';
import { requirePool } from '../pools/require-pool.ts';
import { uploadPathOf } from '../import/jobs.ts';

const PAGE = 100;

/** Deletes the pool `userPoolId` (ResourceNotFoundException when there is none), or every pool; returns the ids deleted. */
export async function resetPools(deps: Deps, userPoolId?: string): Promise<string[]> {
  if (userPoolId !== undefined) {
    await requirePool(deps.store, userPoolId);
    await deletePoolAndUploads(deps, userPoolId);
    return [userPoolId];
  }
  const deleted: string[] = [];
  // Deleting as we go: each page starts again from the first remaining pool.
  for (;;) {
    const ids = await deps.store.pools.listPoolIds(undefined, PAGE);
    for (const id of ids) {
      await deletePoolAndUploads(deps, id);
      deleted.push(id);
    }
    if (ids.length < PAGE) return deleted;
  }
}

async function deletePoolAndUploads(deps: Deps, poolId: string): Promise<void> {
  const uploads: string[] = [];
  for (let after: { createdAt: number; jobId: string } | undefined; ; ) {
    const jobs = await deps.store.imports.listImportJobs(poolId, after, PAGE);
    for (const job of jobs) if (job.filePath === null) uploads.push(uploadPathOf(deps.config.dataDir, job.jobId));
    if (jobs.length < PAGE) break;
    const last = jobs[jobs.length - 1]!;
    after = { createdAt: last.createdAt, jobId: last.jobId };
  }
  await deps.store.transaction((tx) => tx.pools.deletePool(poolId));
  for (const path of uploads) await deps.importFiles.remove(path);
}
