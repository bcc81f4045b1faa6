/**
 * Runs user import jobs: streams the CSV, checks every row, and inserts users in batched
 * transactions. Each batch commits its users, its log entries and the job's progress (byte offset,
 * line number, counts) together, so after a crash or restart the job resumes right after the last
 * committed batch — never half a batch, never a row twice.
 *
 * A runner belongs to one process (a server, or the CLI). A job is run only by the runner that
 * owns it (`runner_id`); ownership is taken with a compare-and-set, released on shutdown, and taken
 * over from a runner that went silent (no committed batch for `staleAfterMs`), so several nodes on
 * one PostgreSQL database never run a job twice and a job is never left stuck InProgress.
 */
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTick } from 'node:timers/promises';
import type { Store } from '../../storage/ports/index.ts';
import { usernameAttributesOf } from '../users/username.ts';
import type { ImportJobRecord, ImportLogEntry, PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { readBatches, type BatchSource, type RowBatch } from './batches.ts';
import { readCsvLines, splitCsvLine } from './csv.ts';
import { csvPathOf, MESSAGE_STOPPED, MESSAGE_SUCCEEDED, MESSAGE_TOO_MANY_FAILED } from './jobs.ts';
import type { ImportFiles } from './ports.ts';
import { importPrecondition, MESSAGE_USER_EXISTS, planImport, type ImportPlan } from './rows.ts';

/** What a runner logs through (pino's logger fits). */
export interface ImportLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface ImportRunnerOptions {
  store: Store;
  /** Where the CSV files are read and uploads deleted. */
  files: ImportFiles;
  dataDir: string;
  now: () => number;
  log?: ImportLogger;
  /** Data rows per transaction. */
  batchRows?: number;
  /** Rows parsed and inserted at a time inside a transaction (what is held in memory). */
  chunkRows?: number;
  /** A job whose runner has not committed for this long is taken over. */
  staleAfterMs?: number;
  /** How often to look for such jobs (0 = only when `recover()` is called). */
  sweepEveryMs?: number;
  /** Called after each committed batch (the CLI's progress line). */
  onProgress?: (job: ImportJobRecord) => void;
  /** Whether to delete an uploaded CSV once its job has finished (AWS does). */
  deleteUploads?: boolean;
}

/**
 * Data rows per transaction. SQLite (WAL) writes every page a transaction dirtied, and a batch of
 * random UUIDs dirties pages all over the users indexes: large batches amortise that (1,000-row
 * batches write several times the data of 10,000-row ones). A batch holds SQLite's write
 * connection for a fraction of a second; other writes wait that long.
 */
export const DEFAULT_BATCH_ROWS = { sqlite: 10_000, postgres: 5_000 } as const;
/** A transaction's rows are parsed, checked and inserted 2,000 at a time: memory stays small however large the batch. */
export const DEFAULT_CHUNK_ROWS = 2_000;
export const DEFAULT_STALE_AFTER_MS = 60_000;
const DEFAULT_SWEEP_EVERY_MS = 15_000;

const MESSAGE_INTERNAL = 'The import job failed because of an internal error; rows committed before it are kept.';

class LostOwnership extends Error {}

export class ImportRunner {
  readonly id = `runner-${randomUUID()}`;
  private readonly opts: Required<Omit<ImportRunnerOptions, 'log' | 'onProgress'>> & Pick<ImportRunnerOptions, 'log' | 'onProgress'>;
  private readonly running = new Map<string, { stop: boolean; done: Promise<void> }>();
  private closed = false;
  private sweeper: NodeJS.Timeout | undefined;
  private sweeping: Promise<void> | undefined;

  constructor(options: ImportRunnerOptions) {
    this.opts = {
      batchRows: DEFAULT_BATCH_ROWS[options.store.dialect],
      chunkRows: DEFAULT_CHUNK_ROWS,
      staleAfterMs: DEFAULT_STALE_AFTER_MS,
      sweepEveryMs: DEFAULT_SWEEP_EVERY_MS,
      deleteUploads: true,
      ...options,
    };
  }

  /** Whether this runner is running the job now. */
  isRunning(jobId: string): boolean {
    return this.running.has(jobId);
  }

  /** Runs a job this runner owns (StartUserImportJob set `runner_id`) in the background. */
  start(jobId: string): void {
    if (this.closed || this.running.has(jobId)) return;
    const entry = { stop: false, done: Promise.resolve() };
    this.running.set(jobId, entry);
    entry.done = this.run(jobId, entry)
      .catch((err: unknown) => this.opts.log?.error({ err, jobId }, 'import job runner failed'))
      .finally(() => this.running.delete(jobId));
  }

  /** Runs a job this runner owns to its end, in the foreground (the CLI). */
  async runToEnd(jobId: string): Promise<ImportJobRecord | undefined> {
    this.start(jobId);
    await this.running.get(jobId)?.done;
    return this.opts.store.imports.findImportJob(jobId);
  }

  /** Makes a running job stop at its next batch boundary (StopUserImportJob has set Stopping). */
  requestStop(jobId: string): void {
    const entry = this.running.get(jobId);
    if (entry) entry.stop = true;
  }

  /**
   * Takes over unfinished jobs nobody runs — released by a server that shut down, or silent since
   * `staleAfterMs` (a crashed one) — and resumes them; then keeps looking every `sweepEveryMs`.
   */
  async recover(options: { staleAfterMs?: number } = {}): Promise<void> {
    await this.sweep(options.staleAfterMs ?? this.opts.staleAfterMs);
    if (this.opts.sweepEveryMs > 0 && this.sweeper === undefined && !this.closed) {
      this.sweeper = setInterval(() => {
        this.sweeping ??= this.sweep(this.opts.staleAfterMs)
          .catch((err: unknown) => this.opts.log?.error({ err }, 'import job sweep failed'))
          .finally(() => (this.sweeping = undefined));
      }, this.opts.sweepEveryMs);
      this.sweeper.unref();
    }
  }

  private async sweep(staleAfterMs: number): Promise<void> {
    if (this.closed) return;
    const { store } = this.opts;
    const jobs = await store.imports.listUnfinishedImportJobs(100);
    for (const job of jobs) {
      if (this.closed || this.running.has(job.jobId)) continue;
      const now = this.opts.now();
      if (!(await store.imports.claimImportJob(job.jobId, this.id, now - staleAfterMs, now))) continue;
      this.opts.log?.info({ jobId: job.jobId, status: job.status, line: job.lineNumber }, 'resuming import job');
      this.start(job.jobId);
    }
  }

  /** Stops every job after its current batch and hands it back (status kept) for the next start. */
  async shutdown(): Promise<void> {
    this.closed = true;
    if (this.sweeper) clearInterval(this.sweeper);
    for (const entry of this.running.values()) entry.stop = true;
    await this.sweeping;
    await Promise.all([...this.running.values()].map((e) => e.done));
  }

  // ---- one job ----

  private async run(jobId: string, entry: { stop: boolean }): Promise<void> {
    const { store } = this.opts;
    let job = await store.imports.findImportJob(jobId);
    if (!job || job.runnerId !== this.id) return;
    if (job.status === 'Stopping') return void (await this.finish(job, 'Stopped', MESSAGE_STOPPED));
    if (job.status === 'Pending') {
      const now = this.opts.now();
      if (!(await store.imports.updateImportJob(jobId, { status: 'InProgress', heartbeatAt: now, updatedAt: now }, { from: ['Pending'], runnerId: this.id }))) return;
      job = { ...job, status: 'InProgress' };
    }
    if (job.status !== 'InProgress') return;

    try {
      const pool = await store.pools.findPool(job.poolId);
      if (!pool) return void (await this.finish(job, 'Failed', 'The user pool has been deleted.'));
      const problem = importPrecondition(pool);
      if (problem) return void (await this.finish(job, 'Failed', problem));
      const path = csvPathOf(this.opts.dataDir, job);
      if (!(await this.opts.files.exists(path))) {
        const message = job.filePath === null
          ? job.offsetBytes > 0
            ? `The import was interrupted and its CSV file is no longer available on this server; ${job.importedUsers} users were imported before that.`
            : 'No CSV file was uploaded to the PreSignedUrl of this import job.'
          : `The CSV file ${job.filePath} cannot be read.`;
        return void (await this.finish(job, 'Failed', message));
      }
      await this.importFile(job, pool, path, entry);
    } catch (err) {
      if (err instanceof LostOwnership) return;
      this.opts.log?.error({ err, jobId }, 'import job failed');
      const current = await store.imports.findImportJob(jobId);
      if (current && current.runnerId === this.id) await this.finish(current, 'Failed', MESSAGE_INTERNAL);
    }
  }

  private async importFile(job: ImportJobRecord, pool: PoolRecord, path: string, entry: { stop: boolean }): Promise<void> {
    // The header (line 1) is read again on every resume.
    const lines = readCsvLines(this.opts.files.read(path, 0));
    const first = await lines.next();
    await lines.return(undefined);
    if (first.done || first.value.text.trim() === '') return void (await this.finish(job, 'Failed', 'The CSV file is empty: it has no header row.'));
    if (first.value.tooLong) return void (await this.finish(job, 'Failed', 'The CSV file cannot be parsed: its header row is longer than 16,000 characters.'));
    if (first.value.text.startsWith('\uFEFF')) {
      return void (await this.finish(job, 'Failed', 'The CSV file cannot be parsed: it starts with a byte order mark (save it as UTF-8 without BOM).'));
    }
    const header = splitCsvLine(first.value.text);
    const planned = planImport(pool, header);
    if ('error' in planned) return void (await this.finish(job, 'Failed', planned.error));
    const plan = planned.plan;

    const startOffset = job.offsetBytes > 0 ? job.offsetBytes : first.value.endOffset;
    const source: BatchSource = {
      bytes: this.opts.files.read(path, startOffset),
      pool,
      header,
      startOffset,
      startLine: job.offsetBytes > 0 ? job.lineNumber : 1,
      batchRows: Math.min(this.opts.chunkRows, this.opts.batchRows),
    };
    const batches = readBatches(source, this.opts.now);
    let counts = { imported: job.importedUsers, skipped: job.skippedUsers, failed: job.failedUsers };
    try {
      for (;;) {
        const step = await this.commit(job, plan, batches, counts);
        counts = step.counts;
        if (step.last) break;
        if (await this.shouldStop(job, entry)) return;
        await nextTick();
      }
    } finally {
      await batches.return(undefined);
    }
    const latest = await this.opts.store.imports.findImportJob(job.jobId);
    if (latest?.status === 'Stopping') return void (await this.finish(latest, 'Stopped', MESSAGE_STOPPED));
    const done = latest ?? job;
    if (counts.imported === 0 && counts.skipped + counts.failed > 0) await this.finish(done, 'Failed', MESSAGE_TOO_MANY_FAILED);
    else await this.finish(done, 'Succeeded', MESSAGE_SUCCEEDED);
  }

  /** Between batches: a stop request (→ Stopped) or this runner shutting down (→ job handed back). */
  private async shouldStop(job: ImportJobRecord, entry: { stop: boolean }): Promise<boolean> {
    const { store } = this.opts;
    const current = await store.imports.findImportJob(job.jobId);
    if (!current || current.runnerId !== this.id) return true;
    if (current.status === 'Stopping') {
      await this.finish(current, 'Stopped', MESSAGE_STOPPED);
      return true;
    }
    if (this.closed || entry.stop) {
      await store.imports.updateImportJob(job.jobId, { runnerId: null, updatedAt: this.opts.now() }, { runnerId: this.id });
      this.opts.log?.info({ jobId: job.jobId, line: current.lineNumber }, 'import job handed back at shutdown');
      return true;
    }
    return false;
  }

  /**
   * One transaction: the next `batchRows` rows (taken from `chunks` a chunk at a time), their log
   * entries and the job's progress — all committed together, or none of it.
   */
  private async commit(
    job: ImportJobRecord,
    plan: ImportPlan,
    chunks: AsyncGenerator<RowBatch>,
    counts: { imported: number; skipped: number; failed: number },
  ): Promise<{ counts: { imported: number; skipped: number; failed: number }; last: boolean }> {
    const step = await this.opts.store.transaction(async (tx) => {
      const result = { ...counts };
      let rows = 0;
      let last = false;
      let end: RowBatch | undefined;
      while (rows < this.opts.batchRows) {
        const next = await chunks.next();
        if (next.done) {
          last = true;
          break;
        }
        const chunk = next.value;
        end = chunk;
        rows += chunk.rows.length + chunk.log.length;
        const { unique, duplicates } = dropDuplicates(plan.pool, chunk.rows);
        const log = [...chunk.log, ...duplicates];
        if (unique.length > 0) {
          const inserted = await tx.users.insertUsersSkippingConflicts(unique.map((r) => r.user));
          result.imported += inserted.size;
          const dropped = unique.filter((r) => !inserted.has(r.user.sub));
          if (dropped.length > 0) log.push(...(await classifyConflicts(tx, plan.pool, dropped)));
        }
        if (log.length > 0) {
          const skipped = log.filter((e) => e.outcome === 'SKIPPED').length;
          result.skipped += skipped;
          result.failed += log.length - skipped;
          await tx.imports.insertImportLog(job.jobId, log);
        }
        if (chunk.last) {
          last = true;
          break;
        }
      }
      const now = this.opts.now();
      const owned = await tx.imports.updateImportJob(
        job.jobId,
        {
          ...(end ? { offsetBytes: end.endOffset, lineNumber: end.lineNumber } : {}),
          importedUsers: result.imported,
          skippedUsers: result.skipped,
          failedUsers: result.failed,
          heartbeatAt: now,
          updatedAt: now,
        },
        { runnerId: this.id, from: ['InProgress', 'Stopping'] },
      );
      if (!owned) throw new LostOwnership(`import job ${job.jobId} is no longer owned by ${this.id}`);
      return { counts: result, last };
    });
    if (this.opts.onProgress) {
      const current = await this.opts.store.imports.findImportJob(job.jobId);
      if (current) this.opts.onProgress(current);
    }
    return step;
  }

  /** Ends a job: final status, completion time and message; ownership released; upload deleted. */
  private async finish(job: ImportJobRecord, status: 'Succeeded' | 'Failed' | 'Stopped', message: string): Promise<void> {
    const now = this.opts.now();
    const ok = await this.opts.store.imports.updateImportJob(
      job.jobId,
      { status, completedAt: now, completionMessage: message, runnerId: null, heartbeatAt: now, updatedAt: now },
      { runnerId: this.id, from: ['Pending', 'InProgress', 'Stopping'] },
    );
    if (!ok) return;
    this.opts.log?.info({ jobId: job.jobId, status, message }, 'import job finished');
    if (this.opts.deleteUploads && job.filePath === null) {
      try {
        await this.opts.files.remove(csvPathOf(this.opts.dataDir, job));
      } catch {
        // The file may be shared or already gone; the job's outcome stands.
      }
    }
  }
}

const ALIAS_OF = [
  ['email', 'emailAlias'],
  ['phone_number', 'phoneAlias'],
  ['preferred_username', 'preferredUsernameAlias'],
] as const;

/**
 * Rows of one batch that repeat an earlier row's username (→ SKIPPED, as the earlier one exists
 * by then) or sign-in alias (→ SKIPPED in email/phone-as-username pools, else FAILED): the file's
 * first occurrence wins, whatever order the bulk insert uses.
 */
function dropDuplicates(pool: PoolRecord, rows: Array<{ lineNumber: number; user: UserRecord }>): { unique: typeof rows; duplicates: ImportLogEntry[] } {
  const asUsername = usernameAttributesOf(pool);
  const names = new Set<string>();
  const aliases = { email: new Set<string>(), phone_number: new Set<string>(), preferred_username: new Set<string>() };
  const unique: typeof rows = [];
  const duplicates: ImportLogEntry[] = [];
  for (const row of rows) {
    const { user, lineNumber } = row;
    if (names.has(user.usernameKey)) {
      duplicates.push({ lineNumber, outcome: 'SKIPPED', message: MESSAGE_USER_EXISTS });
      continue;
    }
    const clash = ALIAS_OF.find(([kind, field]) => user[field] !== null && aliases[kind].has(user[field]!));
    if (clash) {
      const kind = clash[0];
      duplicates.push(asUsername.includes(kind as 'email' | 'phone_number')
        ? { lineNumber, outcome: 'SKIPPED', message: MESSAGE_USER_EXISTS }
        : { lineNumber, outcome: 'FAILED', message: `An account with the given ${kind} already exists.` });
      continue;
    }
    names.add(user.usernameKey);
    for (const [kind, field] of ALIAS_OF) if (user[field] !== null) aliases[kind].add(user[field]!);
    unique.push(row);
  }
  return { unique, duplicates };
}

/**
 * Why rows the bulk insert skipped were not imported: their username is taken (in the pool or
 * earlier in the file) → SKIPPED "The user already exists."; in email/phone-as-username pools the
 * same holds for the email / phone number; another user holding one of their aliases → FAILED.
 */
async function classifyConflicts(store: Store, pool: PoolRecord, dropped: Array<{ lineNumber: number; user: UserRecord }>): Promise<ImportLogEntry[]> {
  const taken = await store.users.findTakenUsernameKeys(pool.id, dropped.map((d) => d.user.usernameKey));
  const asUsername = usernameAttributesOf(pool);
  const out: ImportLogEntry[] = [];
  for (const { lineNumber, user } of dropped) {
    if (taken.has(user.usernameKey)) {
      out.push({ lineNumber, outcome: 'SKIPPED', message: MESSAGE_USER_EXISTS });
      continue;
    }
    const aliases = [
      ['email', user.emailAlias],
      ['phone_number', user.phoneAlias],
      ['preferred_username', user.preferredUsernameAlias],
    ] as const;
    let entry: ImportLogEntry = { lineNumber, outcome: 'FAILED', message: 'The user could not be imported because of an internal error.' };
    for (const [kind, value] of aliases) {
      if (value === null || !(await store.users.findUserByAlias(pool.id, kind, value))) continue;
      entry = asUsername.includes(kind as 'email' | 'phone_number')
        ? { lineNumber, outcome: 'SKIPPED', message: MESSAGE_USER_EXISTS }
        : { lineNumber, outcome: 'FAILED', message: `An account with the given ${kind} already exists.` };
      break;
    }
    out.push(entry);
  }
  return out;
}

const runners = new WeakMap<Store, ImportRunner>();

/**
 * The runner of a server (one per store, created on first use), so the operations, the upload
 * route and start-up recovery share it.
 */
export function importRunnerFor(deps: { store: Store; importFiles: ImportFiles; config: { dataDir: string }; now: () => number }, log?: ImportLogger): ImportRunner {
  let runner = runners.get(deps.store);
  if (!runner) {
    runner = new ImportRunner({ store: deps.store, files: deps.importFiles, dataDir: deps.config.dataDir, now: deps.now, ...(log ? { log } : {}) });
    runners.set(deps.store, runner);
  }
  return runner;
}
