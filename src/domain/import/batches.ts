/**
 * The rows of an import file, checked and turned into users, a batch at a time (streamed: only
 * the current batch is in memory).
 *
 * (A worker thread parsing the next batch while this one is written was tried: on the 2-core
 * target it saved little wall time when the machine was idle, none when it was busy, and cost
 * ~100 MB of RSS for the second V8 isolate — over the import's memory budget.)
 */
import type { ImportLogEntry, PoolRecord, UserRecord } from '../../storage/ports/index.ts';
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
  /** The file's bytes from `startOffset` on. */
  bytes: AsyncIterable<Buffer>;
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
  for await (const line of readCsvLines(src.bytes, src.startOffset, src.startLine)) {
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
