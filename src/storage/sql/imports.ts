import { type ImportJobStatus, type ImportJobRecord, type ImportLogEntry, type ImportJobPatch, type ImportsStore } from '../ports/index.ts';
import { importJobPatchRow, importJobRow, toImportJob } from './rows.ts';
import { mapUnique, SqlPart } from './session.ts';

/** User import jobs and their logs. */
export class SqlImports extends SqlPart implements ImportsStore {
  /** Whether a user import job of the pool is running (Pending, InProgress or Stopping). */
  async hasImportInProgress(poolId: string): Promise<boolean> {
    const r = await this.db.selectFrom('import_jobs').select('job_id').where('pool_id', '=', poolId).where('status', 'in', ['Pending', 'InProgress', 'Stopping']).limit(1).executeTakeFirst();
    return r !== undefined;
  }
  async insertImportJob(j: ImportJobRecord): Promise<void> {
    await mapUnique(this.db.insertInto('import_jobs').values(importJobRow(j)).execute());
  }
  async findImportJob(jobId: string): Promise<ImportJobRecord | undefined> {
    const r = await this.db.selectFrom('import_jobs').selectAll().where('job_id', '=', jobId).executeTakeFirst();
    return r && toImportJob(r);
  }
  /** Jobs of a pool, newest first (as AWS lists them), after the job `after` (keyset). */
  async listImportJobs(poolId: string, after: { createdAt: number; jobId: string } | undefined, limit: number): Promise<ImportJobRecord[]> {
    let q = this.db.selectFrom('import_jobs').selectAll().where('pool_id', '=', poolId);
    if (after !== undefined) {
      q = q.where((eb) => eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('job_id', '<', after.jobId)])]));
    }
    const rows = await q.orderBy('created_at', 'desc').orderBy('job_id', 'desc').limit(limit).execute();
    return rows.map(toImportJob);
  }
  /**
   * Writes `patch` to a job, only while its status is one of `from` (when given) and, when
   * `runnerId` is given, only while that runner owns it. Whether the row was updated: a
   * compare-and-set, so two nodes (or a stop racing a start) never both win a transition.
   */
  async updateImportJob(jobId: string, patch: ImportJobPatch, guard: { from?: ImportJobStatus[]; runnerId?: string } = {}): Promise<boolean> {
    let q = this.db.updateTable('import_jobs').set(importJobPatchRow(patch)).where('job_id', '=', jobId);
    if (guard.from !== undefined) q = q.where('status', 'in', guard.from);
    if (guard.runnerId !== undefined) q = q.where('runner_id', '=', guard.runnerId);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
  /** Takes over an unfinished job nobody runs (released, or silent since `staleBefore`). */
  async claimImportJob(jobId: string, runnerId: string, staleBefore: number, now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('import_jobs')
      .set({ runner_id: runnerId, heartbeat_at: now, updated_at: now })
      .where('job_id', '=', jobId)
      .where('status', 'in', ['Pending', 'InProgress', 'Stopping'])
      .where((eb) => eb.or([eb('runner_id', 'is', null), eb('heartbeat_at', 'is', null), eb('heartbeat_at', '<', staleBefore)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
  /** Jobs that are started but not finished (Pending, InProgress, Stopping), oldest first. */
  async listUnfinishedImportJobs(limit: number): Promise<ImportJobRecord[]> {
    const rows = await this.db.selectFrom('import_jobs').selectAll().where('status', 'in', ['Pending', 'InProgress', 'Stopping']).orderBy('created_at').limit(limit).execute();
    return rows.map(toImportJob);
  }
  async countUnfinishedImportJobs(): Promise<number> {
    const row = await this.db.selectFrom('import_jobs').select((eb) => eb.fn.countAll<number | string>().as('n')).where('status', 'in', ['Pending', 'InProgress', 'Stopping']).executeTakeFirst();
    return Number(row?.n ?? 0);
  }
  async insertImportLog(jobId: string, entries: ImportLogEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += 1000) {
      const rows = entries.slice(i, i + 1000).map((e) => ({ job_id: jobId, line_number: e.lineNumber, outcome: e.outcome, message: e.message }));
      await this.db.insertInto('import_job_log').values(rows).onConflict((oc) => oc.doNothing()).execute();
    }
  }
  /** The job's log in line order, after line `afterLine`. */
  async listImportLog(jobId: string, afterLine: number, limit: number): Promise<ImportLogEntry[]> {
    const rows = await this.db.selectFrom('import_job_log').selectAll().where('job_id', '=', jobId).where('line_number', '>', afterLine).orderBy('line_number').limit(limit).execute();
    return rows.map((r) => ({ lineNumber: Number(r.line_number), outcome: r.outcome as ImportLogEntry['outcome'], message: r.message }));
  }
}
