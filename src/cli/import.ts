/**
 * `userpool import --pool <id> users.csv`: the same pipeline as StartUserImportJob (same row
 * rules, batches, log and job record — the job shows in ListUserImportJobs), run in this process
 * against the configured database, with a progress line and a summary.
 */
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { localImportFiles } from '../adapters/import-files.ts';
import type { Config } from '../config/config.ts';
import { newImportJobId } from '../domain/import/jobs.ts';
import { importPrecondition } from '../domain/import/rows.ts';
import { ImportRunner } from '../domain/import/runner.ts';
import type { Store } from '../storage/ports/index.ts';
import { ImportProgress, type ProgressSink } from './progress.ts';

export interface ImportCommand {
  store: Store;
  config: Config;
  poolId: string;
  file: string;
  name?: string;
  /** How many failed/skipped rows to print in the summary. */
  showLog: number;
  err: ProgressSink;
  out: ProgressSink;
  /** Called with a function that requests a stop (SIGINT). */
  onStopRequest?: (stop: () => Promise<void>) => void;
}

export async function importCommand(cmd: ImportCommand): Promise<number> {
  const { store, err } = cmd;
  const path = resolve(cmd.file);
  if (!existsSync(path) || !statSync(path).isFile()) {
    err.write(`userpool import: ${cmd.file}: no such file\n`);
    return 1;
  }
  const pool = await store.pools.findPool(cmd.poolId);
  if (!pool) {
    err.write(`userpool import: User pool ${cmd.poolId} does not exist.\n`);
    return 1;
  }
  const problem = importPrecondition(pool);
  if (problem) {
    err.write(`userpool import: ${problem}\n`);
    return 1;
  }
  const active = await store.imports.listUnfinishedImportJobs(1);
  if (active[0]) {
    err.write(`userpool import: only one import job can be active at a time; ${active[0].jobId} is ${active[0].status}.\n`);
    return 1;
  }

  const size = statSync(path).size;
  const progress = new ImportProgress(err, size, 0, 1);
  const runner = new ImportRunner({
    store,
    files: localImportFiles,
    dataDir: cmd.config.dataDir,
    now: () => Date.now(),
    sweepEveryMs: 0,
    onProgress: (job) => progress.update(job),
  });
  const now = Date.now();
  const jobId = newImportJobId();
  await store.imports.insertImportJob({
    jobId,
    poolId: pool.id,
    jobName: (cmd.name ?? `cli ${basename(path)}`).slice(0, 128),
    status: 'Pending',
    cloudWatchLogsRoleArn: null,
    createdAt: now,
    startedAt: now,
    completedAt: null,
    importedUsers: 0,
    skippedUsers: 0,
    failedUsers: 0,
    completionMessage: null,
    filePath: path,
    uploadedAt: null,
    uploadedBytes: size,
    offsetBytes: 0,
    lineNumber: 0,
    runnerId: runner.id,
    heartbeatAt: now,
    updatedAt: now,
  });
  err.write(`importing ${path} (${(size / 1048576).toFixed(1)} MiB) into ${pool.id} as job ${jobId}\n`);
  cmd.onStopRequest?.(async () => {
    await store.imports.updateImportJob(jobId, { status: 'Stopping', updatedAt: Date.now() }, { from: ['Pending', 'InProgress'] });
    runner.requestStop(jobId);
  });

  const job = await runner.runToEnd(jobId);
  if (!job) {
    err.write('userpool import: the job record disappeared (was the pool deleted?)\n');
    return 1;
  }
  progress.done(job);
  const out = cmd.out;
  out.write(`${job.status}: ${job.completionMessage ?? ''}\n`);
  out.write(`job ${job.jobId}: imported ${job.importedUsers}, skipped ${job.skippedUsers}, failed ${job.failedUsers}\n`);
  if (cmd.showLog > 0 && job.skippedUsers + job.failedUsers > 0) {
    const entries = await store.imports.listImportLog(job.jobId, 0, cmd.showLog);
    for (const e of entries) out.write(`[${e.outcome}] Line Number ${e.lineNumber} - ${e.message}\n`);
    const more = job.skippedUsers + job.failedUsers - entries.length;
    if (more > 0) out.write(`… ${more} more: userpool log ${job.jobId}\n`);
  }
  return job.status === 'Succeeded' ? 0 : 1;
}
