/**
 * `userpool export --pool <id> [--out users.csv]`: every user of the pool in the import CSV
 * format (GetCSVHeader's columns), streamed page by page (keyset on the row order), never the
 * whole pool in memory.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { exportRow } from '../domain/import/export.ts';
import { csvHeaderOf } from '../domain/import/header.ts';
import type { Store } from '../storage/ports/index.ts';
import type { ProgressSink } from './progress.ts';

const PAGE = 1000;

export interface ExportCommand {
  store: Store;
  poolId: string;
  /** A file path, or undefined for standard output. */
  outFile: string | undefined;
  stdout: Writable;
  err: ProgressSink;
}

async function write(stream: Writable, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

export async function exportCommand(cmd: ExportCommand): Promise<number> {
  const { store, err } = cmd;
  const pool = await store.pools.findPool(cmd.poolId);
  if (!pool) {
    err.write(`userpool export: User pool ${cmd.poolId} does not exist.\n`);
    return 1;
  }
  const header = csvHeaderOf(pool);
  const stream: Writable = cmd.outFile !== undefined ? createWriteStream(cmd.outFile) : cmd.stdout;
  await write(stream, `${header.join(',')}\n`);
  let count = 0;
  let unverified = 0;
  let after: number | undefined;
  for (;;) {
    const page = await store.users.listUsers(pool.id, { limit: PAGE, ...(after !== undefined ? { after: { seq: after } } : {}) });
    if (page.length === 0) break;
    let chunk = '';
    for (const user of page) {
      chunk += `${exportRow(pool, header, user)}\n`;
      if (user.attributes['email_verified'] !== 'true' && user.attributes['phone_number_verified'] !== 'true') unverified++;
    }
    await write(stream, chunk);
    count += page.length;
    after = page[page.length - 1]!.seq;
    if (after === undefined) throw new Error('users without a row number cannot be paged');
    if (page.length < PAGE) break;
  }
  if (cmd.outFile !== undefined) {
    stream.end();
    await once(stream, 'finish');
  }
  err.write(`exported ${count} users of ${pool.id}${cmd.outFile !== undefined ? ` to ${cmd.outFile}` : ''}\n`);
  if (unverified > 0) {
    err.write(`note: ${unverified} of them have neither a verified email nor a verified phone number; an import fails such rows (AWS requires one).\n`);
  }
  return 0;
}
