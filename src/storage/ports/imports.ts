/** UserImportJobType's Status values. */
export type ImportJobStatus = 'Created' | 'Pending' | 'InProgress' | 'Stopping' | 'Stopped' | 'Failed' | 'Succeeded' | 'Expired';

/** A user import job as stored (times in epoch ms). */
export interface ImportJobRecord {
  jobId: string;
  poolId: string;
  jobName: string;
  status: ImportJobStatus;
  cloudWatchLogsRoleArn: string | null;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  importedUsers: number;
  skippedUsers: number;
  failedUsers: number;
  completionMessage: string | null;
  /** The CSV to read (CLI jobs); null = the uploaded file in the data dir. */
  filePath: string | null;
  uploadedAt: number | null;
  uploadedBytes: number | null;
  /** Byte offset just after the last committed row, and that row's line number (header = line 1). */
  offsetBytes: number;
  lineNumber: number;
  /** The process running the job and when it last committed; null when nobody runs it. */
  runnerId: string | null;
  heartbeatAt: number | null;
  updatedAt: number;
}

/** One row that was not imported, as the job log records it (no user data, as CloudWatch's). */
export interface ImportLogEntry {
  lineNumber: number;
  outcome: 'FAILED' | 'SKIPPED';
  message: string;
}

/** The writable members of an import job. */
export type ImportJobPatch = Partial<Omit<ImportJobRecord, 'jobId' | 'poolId'>>;

/** User import jobs and their logs. */
export interface ImportsStore {
  /** Whether a user import job of the pool is running (Pending, InProgress or Stopping). */
  hasImportInProgress(poolId: string): Promise<boolean>;
  insertImportJob(j: ImportJobRecord): Promise<void>;
  findImportJob(jobId: string): Promise<ImportJobRecord | undefined>;
  /** Jobs of a pool, newest first (as AWS lists them), after the job `after` (keyset). */
  listImportJobs(poolId: string, after: { createdAt: number; jobId: string } | undefined, limit: number): Promise<ImportJobRecord[]>;
  /**
   * Writes `patch` to a job, only while its status is one of `from` (when given) and, when
   * `runnerId` is given, only while that runner owns it. Whether the row was updated: a
   * compare-and-set, so two nodes (or a stop racing a start) never both win a transition.
   */
  updateImportJob(jobId: string, patch: ImportJobPatch, guard?: { from?: ImportJobStatus[]; runnerId?: string }): Promise<boolean>;
  /** Takes over an unfinished job nobody runs (released, or silent since `staleBefore`). */
  claimImportJob(jobId: string, runnerId: string, staleBefore: number, now: number): Promise<boolean>;
  /** Jobs that are started but not finished (Pending, InProgress, Stopping), oldest first. */
  listUnfinishedImportJobs(limit: number): Promise<ImportJobRecord[]>;
  /** How many jobs of every pool are started but not finished (Pending, InProgress, Stopping). */
  countUnfinishedImportJobs(): Promise<number>;
  insertImportLog(jobId: string, entries: ImportLogEntry[]): Promise<void>;
  /** The job's log in line order, after line `afterLine`. */
  listImportLog(jobId: string, afterLine: number, limit: number): Promise<ImportLogEntry[]>;
}
