/**
 * The rows of an import file, checked and turned into users, in batches: read in this thread
 * (small files), or in a worker thread that parses the next batch while this one is written to
 * the database (large files: parsing and checking is a third of the work, and the database write
 * cannot start sooner anyway).
 */
import { Worker } from 'node:worker_threads';
import type { ImportLogEntry, PoolRecord, UserRecord } from '../../storage/ports.ts';
import { readCsvLines, splitCsvLine } from './csv.ts';
import { buildImportedUser, planImport } from './rows.ts';

export interface RowBatch {
  rows: Array<{ lineNumber: number; user: UserRecord }>;
  /** Rows that failed their checks (or were too long to read). */
  log: ImportLogEntry[];
  /** Byte offset just after the batch's last line, and that line's number. */
  endOffset: number;
  lineNumber: number;
  /** The end of the file: no batch follows. */
  last: boolean;
}

export interface BatchSource {
  path: string;
  pool: PoolRecord;
  /** The header row's values (already checked with planImport). */
  header: string[];
  /** Where the data to read starts (just after the header, or the last committed batch). */
  startOffset: number;
  startLine: number;
  batchRows: number;
}

/** Batches of `src`, read and checked in this thread; `now` stamps the users' creation time. */
export async function* readBatches(src: BatchSource, now: () => number): AsyncGenerator<RowBatch> {
  const planned = planImport(src.pool, src.header);
  if ('error' in planned) throw new Error(planned.error);
  const plan = planned.plan;
  let batch: RowBatch = { rows: [], log: [], endOffset: src.startOffset, lineNumber: src.startLine, last: false };
  for await (const line of readCsvLines(src.path, src.startOffset, src.startLine)) {
    batch.endOffset = line.endOffset;
    batch.lineNumber = line.lineNumber;
    if (line.tooLong) {
      batch.log.push({ lineNumber: line.lineNumber, outcome: 'FAILED', message: 'The row is longer than 16,000 characters.' });
    } else if (line.text.trim() !== '') {
      const result = line.text.includes('\uFFFD') ? { failed: 'The row is not valid UTF-8.' } : buildImportedUser(plan, splitCsvLine(line.text), now());
      if ('user' in result) batch.rows.push({ lineNumber: line.lineNumber, user: result.user });
      else batch.log.push({ lineNumber: line.lineNumber, outcome: 'FAILED', message: result.failed });
    } else {
      continue;
    }
    if (batch.rows.length + batch.log.length >= src.batchRows) {
      yield batch;
      batch = { rows: [], log: [], endOffset: batch.endOffset, lineNumber: batch.lineNumber, last: false };
    }
  }
  batch.last = true;
  yield batch;
}

/** Messages of the parse worker (parse-worker.ts). */
export type WorkerMessage = { type: 'batch'; batch: RowBatch } | { type: 'failed'; message: string };
/** main → worker: produce the next batch, stamping users with `now`. */
export interface WorkerCredit {
  type: 'credit';
  now: number;
}

const WORKER_ENTRY = new URL('./parse-worker-entry.mjs', import.meta.url);
/** Batches the worker may have ready before the consumer takes one: enough to ride out scheduling jitter. */
const WORKER_AHEAD = 4;

/**
 * Batches of `src` parsed in a worker thread, up to WORKER_AHEAD batches ahead of the consumer.
 * Leaving the loop early terminates the worker.
 */
export async function* workerBatches(src: BatchSource, now: () => number): AsyncGenerator<RowBatch> {
  // No inherited flags (a test runner's are not valid in a worker); the entry registers tsx itself.
  const worker = new Worker(WORKER_ENTRY, { workerData: src, execArgv: [] });
  const queue: WorkerMessage[] = [];
  let failure: Error | undefined;
  let exited = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  worker.on('message', (m: WorkerMessage) => {
    queue.push(m);
    notify();
  });
  worker.on('error', (err) => {
    failure = err;
    notify();
  });
  worker.on('exit', () => {
    exited = true;
    notify();
  });
  const credit = (): void => worker.postMessage({ type: 'credit', now: now() } satisfies WorkerCredit);
  try {
    for (let i = 0; i < WORKER_AHEAD; i++) credit();
    for (;;) {
      while (queue.length === 0 && failure === undefined && !exited) await new Promise<void>((resolve) => (wake = resolve));
      const m = queue.shift();
      if (m === undefined) throw failure ?? new Error('the import parser thread ended before the end of the file');
      if (m.type === 'failed') throw new Error(m.message);
      if (!m.batch.last) credit();
      yield m.batch;
      if (m.batch.last) return;
    }
  } finally {
    await worker.terminate();
  }
}
