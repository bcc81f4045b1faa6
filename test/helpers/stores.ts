import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { openDatabase } from '../../src/storage/sql/database.ts';
import { SqlStore } from '../../src/storage/sql/store.ts';
import type { Store } from '../../src/storage/ports/index.ts';
import { createPostgresSchema, databases, type DbKind } from './server.ts';

export interface OpenStore {
  store: Store;
  close(): Promise<void>;
}

/**
 * A real SqlStore on a fresh database: a SQLite file in a new temporary directory, or a new
 * PostgreSQL schema (dropped by scripts/run-tests.mjs after the run, never while tests run).
 */
export async function openStore(kind: DbKind): Promise<OpenStore> {
  let url: string;
  let dir: string | undefined;
  if (kind === 'postgres') {
    url = await createPostgresSchema();
  } else {
    dir = mkdtempSync(join(tmpdir(), 'userpool-store-'));
    url = `sqlite:${join(dir, 'store.db')}`;
  }
  const opened = await openDatabase(url);
  return {
    store: new SqlStore(opened.db, opened.dialect),
    close: async () => {
      await opened.close();
      if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Defines the same tests once per database (SQLite always; PostgreSQL when reachable, and always
 * with CI=true: `databases()` throws there when it is not), as kysely's suite runs on every dialect.
 */
export async function forEachStore(define: (kind: DbKind, open: () => Promise<OpenStore>) => void): Promise<void> {
  for (const kind of await databases()) define(kind, () => openStore(kind));
}

/**
 * Inside a describe: a fresh store opened before its tests and closed after them. The returned
 * function gives the store (call it inside tests, not while defining them).
 */
export function useStore(open: () => Promise<OpenStore>): () => Store {
  let opened: OpenStore | undefined;
  before(async () => {
    opened = await open();
  });
  after(async () => {
    await opened?.close();
  });
  return () => {
    if (opened === undefined) throw new Error('the store opens in before(): use it inside a test');
    return opened.store;
  };
}

/** Runs `attempt` `n` times at once; how many succeeded (returned true or a record). */
export async function countWinners(n: number, attempt: (i: number) => Promise<unknown>): Promise<number> {
  const results = await Promise.all(Array.from({ length: n }, (_, i) => attempt(i)));
  return results.filter((r) => r !== false && r !== undefined).length;
}
