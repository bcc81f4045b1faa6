/**
 * Kysely's SQLite driver, rebuilt for two things its stock driver does not do:
 *
 * 1. Prepared statements are kept. The stock driver calls `prepare(sql)` for every query, and
 *    compiling the SQL again each time cost more than running it (a tenth of AdminGetUser's CPU).
 *    Statements are kept by SQL text — the text carries no values, parameters are bound per call —
 *    at most `maxStatements`, least recently used dropped first; long texts (the import's
 *    multi-row INSERTs, one text per row count, large programs) are not kept.
 *
 * 2. Acknowledged writes are durable, with group commit. The database runs in WAL mode with
 *    `synchronous = NORMAL`: a COMMIT writes its frames to the WAL file without fsync, so after a
 *    power failure the last commits could be missing (a process crash loses nothing: the frames
 *    are in the OS). `synchronous = FULL` would fsync the WAL inside every COMMIT — on this
 *    single connection, on the event loop (better-sqlite3 is synchronous): ~1.5 ms on this
 *    machine's disk during which no request runs, for every write. Instead, every use of the
 *    connection (a query, or a whole transaction) that ends after commits waits, before it
 *    returns, until an fdatasync of the WAL file that started after those commits has finished.
 *    The fdatasync runs in libuv's thread pool while the event loop serves other requests, and
 *    one fdatasync covers every commit made before it started (group commit). What a caller is
 *    told has been written — and what any reader is shown — is therefore on disk, as with FULL;
 *    SQLite's WAL checksums make recovery stop at the last complete commit, and checkpoints sync
 *    the WAL and the database file themselves in NORMAL mode. Reads wait too when commits of
 *    others are still unsynced, so nothing not yet durable is ever answered. (Another process
 *    sharing the file syncs its own commits the same way before acknowledging them; a reader
 *    here can see a commit of that process a moment before its sync has finished.)
 *
 * 3. Rows are built in JavaScript. better-sqlite3's object rows set each column through V8's
 *    generic property path (internalizing the column name, migrating the object's map) — for
 *    ListUsers' 61 rows × 25 columns that was 40% of the request. Reader statements run in raw
 *    mode (arrays) and each statement gets a row builder made once from its column names, an
 *    object literal with a fixed shape: the same objects, built several times faster. SQLite
 *    re-prepares a statement by itself when the schema changes; a `select *` whose width changed
 *    (a column added or dropped, here or by another process) gets a new builder. (A change that
 *    keeps the width — renaming or reordering columns under a running server — is not noticed:
 *    the server's own queries name those columns and would be wrong or failing anyway.)
 *
 * Everything else — one connection, a mutex held for a query or a whole transaction — is what
 * Kysely's SqliteDriver does.
 */
import { open as openFile, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type QueryResult,
} from 'kysely';

export interface SqliteDriverOptions {
  /** Prepared statements kept (default 500). */
  maxStatements?: number;
  /** SQL texts longer than this are prepared per use, never kept (default 4096 characters). */
  maxStatementLength?: number;
}

type RowBuilder = (values: unknown[]) => Record<string, unknown>;

/** A prepared statement; readers run in raw mode with their row builder and its width. */
interface Prepared {
  stmt: BetterSqlite3.Statement;
  build: RowBuilder | undefined;
  width: number;
}

/**
 * `values => ({ "col0": values[0], "col1": values[1], … })` for the statement's columns: an
 * object literal, so every row gets the same hidden class in one allocation. (A repeated name
 * keeps the last value, as better-sqlite3's object rows do.) Names are JSON-quoted.
 */
function rowBuilder(columns: string[]): RowBuilder {
  const fields = columns.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ');
  return new Function('v', `return { ${fields} };`) as RowBuilder;
}

function prepare(db: BetterSqlite3.Database, text: string): Prepared {
  const stmt = db.prepare(text);
  if (!stmt.reader) return { stmt, build: undefined, width: 0 };
  const columns = stmt.columns().map((c) => c.name);
  stmt.raw(true);
  return { stmt, build: rowBuilder(columns), width: columns.length };
}

/** Prepared statements by SQL text, least recently used dropped first. */
class StatementCache {
  readonly #db: BetterSqlite3.Database;
  readonly #max: number;
  readonly #maxLength: number;
  readonly #statements = new Map<string, Prepared>();

  constructor(db: BetterSqlite3.Database, max: number, maxLength: number) {
    this.#db = db;
    this.#max = max;
    this.#maxLength = maxLength;
  }

  get(text: string): Prepared {
    const cached = this.#statements.get(text);
    // A statement still being iterated is never handed out twice.
    if (cached !== undefined && !cached.stmt.busy) {
      // Map order is insertion order: re-inserting marks it most recently used.
      this.#statements.delete(text);
      this.#statements.set(text, cached);
      return cached;
    }
    const stmt = prepare(this.#db, text);
    if (cached === undefined && text.length <= this.#maxLength) {
      if (this.#statements.size >= this.#max) {
        const oldest = this.#statements.keys().next().value;
        if (oldest !== undefined) this.#statements.delete(oldest);
      }
      this.#statements.set(text, stmt);
    }
    return stmt;
  }

  clear(): void {
    this.#statements.clear();
  }
}

interface Waiter {
  target: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Group commit for one WAL file: `noteCommit()` after each commit; `durable()` resolves once an
 * fdatasync that started after every commit noted so far has finished.
 */
export class WalSync {
  readonly #path: string;
  #handle: FileHandle | undefined;
  #commits = 0;
  #synced = 0;
  #waiters: Waiter[] = [];
  #running: Promise<void> | undefined;
  /** fdatasync calls made (tests, diagnostics). */
  syncs = 0;

  constructor(walPath: string) {
    this.#path = walPath;
  }

  noteCommit(): void {
    this.#commits++;
  }

  /** Whether commits are waiting for their fdatasync. */
  get pending(): boolean {
    return this.#synced < this.#commits;
  }

  durable(): Promise<void> {
    const target = this.#commits;
    if (this.#synced >= target) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#waiters.push({ target, resolve, reject });
      // setImmediate: commits made by the requests of this event-loop turn join the same sync.
      this.#running ??= new Promise<void>((r) => setImmediate(r)).then(() => this.#loop());
    });
  }

  async #loop(): Promise<void> {
    try {
      while (this.#waiters.length > 0) {
        const target = this.#commits;
        try {
          if (this.#handle === undefined) {
            this.#handle = await openFile(this.#path, 'r');
            // The WAL file may be new: its directory entry must survive a power failure too.
            const dir = await openFile(dirname(this.#path), 'r');
            try {
              await dir.sync();
            } finally {
              await dir.close();
            }
          }
          await this.#handle.datasync();
          this.syncs++;
          if (target > this.#synced) this.#synced = target;
          const done = this.#waiters.filter((w) => w.target <= this.#synced);
          this.#waiters = this.#waiters.filter((w) => w.target > this.#synced);
          for (const w of done) w.resolve();
        } catch (err) {
          // Those commits are not known to be on disk: their callers fail (and must not acknowledge).
          const failed = this.#waiters;
          this.#waiters = [];
          for (const w of failed) w.reject(err);
          const handle = this.#handle;
          this.#handle = undefined;
          await handle?.close().catch(() => undefined);
        }
      }
    } finally {
      this.#running = undefined;
    }
  }

  async close(): Promise<void> {
    await this.#running;
    const handle = this.#handle;
    this.#handle = undefined;
    await handle?.close();
  }
}

class ConnectionMutex {
  #promise: Promise<void> | undefined;
  #resolve: (() => void) | undefined;

  async lock(): Promise<void> {
    while (this.#promise !== undefined) await this.#promise;
    this.#promise = new Promise((resolve) => {
      this.#resolve = resolve;
    });
  }

  unlock(): void {
    const resolve = this.#resolve;
    this.#promise = undefined;
    this.#resolve = undefined;
    resolve?.();
  }
}

class SqliteConnection implements DatabaseConnection {
  readonly #db: BetterSqlite3.Database;
  readonly #statements: StatementCache;
  readonly #wal: WalSync | undefined;
  /** A statement of the open transaction wrote. */
  #dirty = false;

  constructor(db: BetterSqlite3.Database, statements: StatementCache, wal: WalSync | undefined) {
    this.#db = db;
    this.#statements = statements;
    this.#wal = wal;
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const { sql, parameters } = compiledQuery;
    const prepared = this.#statements.get(sql);
    const stmt = prepared.stmt;
    try {
      if (prepared.build !== undefined) {
        const values = stmt.all(parameters) as unknown[][];
        if (values.length > 0 && values[0]!.length !== prepared.width) {
          const columns = stmt.columns().map((c) => c.name);
          prepared.build = rowBuilder(columns);
          prepared.width = columns.length;
        }
        const build = prepared.build;
        const rows = new Array<R>(values.length);
        for (let i = 0; i < values.length; i++) rows[i] = build(values[i]!) as R;
        return Promise.resolve({ rows });
      }
      const { changes, lastInsertRowid } = stmt.run(parameters);
      return Promise.resolve({ numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] });
    } finally {
      this.#track(stmt);
    }
  }

  /** Notes a commit when a write left no transaction open (autocommit, or COMMIT after writes). */
  #track(stmt: BetterSqlite3.Statement): void {
    if (this.#wal === undefined) return;
    if (!stmt.readonly) this.#dirty = true;
    if (this.#dirty && !this.#db.inTransaction) {
      this.#dirty = false;
      this.#wal.noteCommit();
    }
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery, _chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    const { sql, parameters, query } = compiledQuery;
    if (!SelectQueryNode.is(query)) throw new Error('Sqlite driver only supports streaming of select queries');
    const stmt = this.#db.prepare(sql);
    for (const row of stmt.iterate(parameters)) yield { rows: [row as R] };
  }
}

const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The driver (see the file comment). `walPath`: the WAL file to sync, or undefined for in-memory databases. */
export class StoreSqliteDriver implements Driver {
  readonly #db: BetterSqlite3.Database;
  readonly #statements: StatementCache;
  readonly #wal: WalSync | undefined;
  readonly #mutex = new ConnectionMutex();
  readonly #connection: SqliteConnection;

  constructor(db: BetterSqlite3.Database, walPath: string | undefined, options: SqliteDriverOptions = {}) {
    this.#db = db;
    this.#statements = new StatementCache(db, options.maxStatements ?? 500, options.maxStatementLength ?? 4096);
    this.#wal = walPath === undefined ? undefined : new WalSync(walPath);
    this.#connection = new SqliteConnection(db, this.#statements, this.#wal);
  }

  /** The WAL's group commit (undefined for in-memory databases). */
  get walSync(): WalSync | undefined {
    return this.#wal;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock();
    return this.#connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  async savepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint ${quoteIdentifier(savepointName)}`));
  }

  async rollbackToSavepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to ${quoteIdentifier(savepointName)}`));
  }

  async releaseSavepoint(connection: DatabaseConnection, savepointName: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release ${quoteIdentifier(savepointName)}`));
  }

  async releaseConnection(): Promise<void> {
    this.#mutex.unlock();
    // After the unlock: other requests use the connection while this one waits for the disk.
    if (this.#wal?.pending) await this.#wal.durable();
  }

  async destroy(): Promise<void> {
    await this.#wal?.close();
    this.#statements.clear();
    this.#db.close();
  }
}

/** A Kysely dialect over an open better-sqlite3 database, with {@link StoreSqliteDriver}. */
export function storeSqliteDialect(db: BetterSqlite3.Database, options: SqliteDriverOptions = {}): Dialect & { driver: StoreSqliteDriver } {
  const file = db.memory ? undefined : resolve(db.name);
  const wal = file !== undefined && String(db.pragma('journal_mode', { simple: true })).toLowerCase() === 'wal' ? `${file}-wal` : undefined;
  const driver = new StoreSqliteDriver(db, wal, options);
  return {
    driver,
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => driver,
    createIntrospector: (k) => new SqliteIntrospector(k),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}
