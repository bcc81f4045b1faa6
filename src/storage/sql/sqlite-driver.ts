/**
 * Kysely's SQLite driver, rebuilt for what its stock driver does not do.
 *
 * 1. Prepared statements are kept. The stock driver calls `prepare(sql)` for every query, and
 *    compiling the SQL again each time cost more than running it (a tenth of AdminGetUser's CPU).
 *    Statements are kept by SQL text — the text carries no values, parameters are bound per call —
 *    at most `maxStatements` per connection, least recently used dropped first; long texts (the
 *    import's multi-row INSERTs, one text per row count, large programs) are not kept.
 *
 * 2. Rows are built in JavaScript. better-sqlite3's object rows set each column through V8's
 *    generic property path (internalizing the column name, migrating the object's map) — for
 *    ListUsers' 61 rows × 25 columns that was 40% of the request. Reader statements run in raw
 *    mode (arrays) and each statement gets a row builder made once from its column names, an
 *    object literal with a fixed shape: the same objects, built several times faster. SQLite
 *    re-prepares a statement by itself when the schema changes; a `select *` whose width changed
 *    (a column added or dropped, here or by another process) gets a new builder. (A change that
 *    keeps the width — renaming or reordering columns under a running server — is not noticed:
 *    the server's own queries name those columns and would be wrong or failing anyway.)
 *
 * 3. Group commit, durable before acknowledged (file databases in WAL mode). Writes of
 *    concurrent requests share one SQLite transaction — a *batch*, opened (BEGIN IMMEDIATE) by
 *    the first write and committed on the next turn of the event loop, once no Kysely transaction
 *    is in progress. A Kysely transaction is a SAVEPOINT inside the batch (its rollback undoes
 *    only its own writes); a single write statement is atomic by itself (a constraint error undoes
 *    that statement only). After the COMMIT, an fdatasync of the WAL file runs in libuv's thread
 *    pool while the event loop goes on, and one fdatasync covers every commit made before it.
 *    Whoever wrote — or read on the write connection while a batch was open, and so may have seen
 *    its uncommitted rows — gets its result only once its batch is committed AND on disk: what a
 *    client is told was stored survives a crash of the process, of the OS, or power loss (as with
 *    `synchronous = FULL`; the database keeps NORMAL, whose checkpoints sync themselves, so no
 *    COMMIT ever fsyncs on the event loop). If a batch fails to commit, every write in it fails.
 *    A batch writes each page it touched once: consecutive inserts share table and index leaves,
 *    so a commit costs a fraction of one per request.
 *    Plain reads (outside transactions) never wait for a transaction in progress: they then run
 *    on a second, read connection that sees committed rows only (and needs no lock). A read with
 *    no batch open can show a committed write in the moment before its fdatasync has finished —
 *    the writer's own client is answered only after it. (Another process sharing the file does
 *    the same with its own batches; the BEGIN IMMEDIATE of one waits for the other's batch,
 *    within busy_timeout.)
 *    In-memory databases (and files not in WAL mode) run as Kysely's driver does: one
 *    connection, each transaction its own.
 */
import { open as openFile, type FileHandle } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
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
  /** Prepared statements kept per connection (default 500). */
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

/** Prepared statements of one connection by SQL text, least recently used dropped first. */
class StatementCache {
  readonly db: BetterSqlite3.Database;
  readonly #max: number;
  readonly #maxLength: number;
  readonly #statements = new Map<string, Prepared>();

  constructor(db: BetterSqlite3.Database, max: number, maxLength: number) {
    this.db = db;
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
    const prepared = prepare(this.db, text);
    if (cached === undefined && text.length <= this.#maxLength) {
      if (this.#statements.size >= this.#max) {
        const oldest = this.#statements.keys().next().value;
        if (oldest !== undefined) this.#statements.delete(oldest);
      }
      this.#statements.set(text, prepared);
    }
    return prepared;
  }

  clear(): void {
    this.#statements.clear();
  }
}

/** Runs a compiled query on a statement cache's connection. */
function run<R>(cache: StatementCache, { sql, parameters }: CompiledQuery): QueryResult<R> {
  const prepared = cache.get(sql);
  const stmt = prepared.stmt;
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
    return { rows };
  }
  const { changes, lastInsertRowid } = stmt.run(parameters);
  return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
}

interface Waiter {
  target: number;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * fdatasync of one WAL file, shared: `noteCommit()` after each commit; `durable()` resolves once
 * an fdatasync that started after every commit noted so far has finished.
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
      this.#running ??= this.#loop();
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

/** First come, first served: a waiting batch commit is not overtaken by later writers. */
class FifoMutex {
  #locked = false;
  readonly #queue: Array<() => void> = [];

  get locked(): boolean {
    return this.#locked;
  }

  lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#queue.push(resolve));
  }

  unlock(): void {
    const next = this.#queue.shift();
    if (next !== undefined) next();
    else this.#locked = false;
  }
}

/** One open write transaction shared by the writes of several requests. */
class Batch {
  readonly done: Promise<void>;
  #resolve!: () => void;
  #reject!: (err: unknown) => void;
  settled = false;

  constructor() {
    this.done = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.done.catch(() => undefined); // observed by whoever awaits it
  }

  succeed(): void {
    this.settled = true;
    this.#resolve();
  }

  fail(err: unknown): void {
    this.settled = true;
    this.#reject(err);
  }
}

/** One use of the driver by Kysely: a single query, or a whole transaction. */
class Lease implements DatabaseConnection {
  readonly #driver: StoreSqliteDriver;
  /** Holds the write lock (a transaction in progress). */
  locked = false;
  /** The savepoint of this lease's transaction (batching mode). */
  savepoint: string | undefined;
  /** The batch whose uncommitted state this lease wrote or read: its result waits for it. */
  batch: Batch | undefined;

  constructor(driver: StoreSqliteDriver) {
    this.#driver = driver;
  }

  executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    return this.#driver.execute<R>(this, compiledQuery);
  }

  async *streamQuery<R>(compiledQuery: CompiledQuery, _chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    const { sql, parameters, query } = compiledQuery;
    if (!SelectQueryNode.is(query)) throw new Error('Sqlite driver only supports streaming of select queries');
    const stmt = this.#driver.connectionFor(this).prepare(sql);
    for (const row of stmt.iterate(parameters)) yield { rows: [row as R] };
  }
}

const quoteIdentifier = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** The driver (see the file comment). */
export class StoreSqliteDriver implements Driver {
  readonly #writer: StatementCache;
  /** The read connection (batching mode only). */
  readonly #reader: StatementCache | undefined;
  readonly #wal: WalSync | undefined;
  readonly #mutex = new FifoMutex();
  #batch: Batch | undefined;
  #savepoints = 0;
  /** Batches committed (tests, diagnostics). */
  batches = 0;

  /**
   * `db`: the open database; `walPath`: its WAL file for group commit, or undefined (in-memory
   * databases, files not in WAL mode): then every transaction commits by itself.
   */
  constructor(db: BetterSqlite3.Database, walPath: string | undefined, options: SqliteDriverOptions = {}) {
    const max = options.maxStatements ?? 500;
    const maxLength = options.maxStatementLength ?? 4096;
    this.#writer = new StatementCache(db, max, maxLength);
    if (walPath !== undefined) {
      this.#wal = new WalSync(walPath);
      const reader = new BetterSqlite3(db.name);
      reader.pragma('busy_timeout = 5000');
      this.#reader = new StatementCache(reader, max, maxLength);
    }
  }

  /** The WAL's fdatasync (undefined without group commit). */
  get walSync(): WalSync | undefined {
    return this.#wal;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const lease = new Lease(this);
    // Without batching, every use holds the one connection, as in Kysely's driver.
    if (this.#reader === undefined) {
      await this.#mutex.lock();
      lease.locked = true;
    }
    return lease;
  }

  /** The better-sqlite3 connection a lease's statements run on. */
  connectionFor(lease: Lease): BetterSqlite3.Database {
    return lease.locked || this.#reader === undefined ? this.#writer.db : this.#reader.db;
  }

  async execute<R>(lease: Lease, query: CompiledQuery): Promise<QueryResult<R>> {
    if (lease.locked) return this.#onWriter<R>(lease, query);
    if (!this.#mutex.locked) {
      // No transaction in progress: the statement runs on the write connection right away (its
      // page cache is warm). A write joins the open batch; so does a read while a batch is open —
      // it may see the batch's rows, so its result waits for the batch like a write's.
      if (this.#batch === undefined && this.#writer.get(query.sql).stmt.readonly) return run<R>(this.#writer, query);
      return this.#onWriter<R>(lease, query);
    }
    // A transaction holds the write connection: reads go to the read connection, which sees
    // committed rows only and needs no lock; writes queue for the write connection.
    const reader = this.#reader!;
    let readonly = false;
    try {
      readonly = reader.get(query.sql).stmt.readonly;
    } catch {
      // Not preparable on the read connection (e.g. a table created by an uncommitted batch):
      // the write connection decides, and reports the error if there is one.
    }
    if (readonly) return run<R>(reader, query);
    // A write outside a transaction: alone on the write connection, inside the open batch.
    await this.#mutex.lock();
    try {
      return this.#onWriter<R>(lease, query);
    } finally {
      this.#mutex.unlock();
    }
  }

  /** Runs on the write connection; in batching mode inside the open batch (opened if needed). */
  #onWriter<R>(lease: Lease, query: CompiledQuery): QueryResult<R> {
    if (this.#reader === undefined) return run<R>(this.#writer, query);
    // A transaction whose batch failed must not go on in a new one (its savepoint is gone).
    if (lease.savepoint !== undefined && lease.batch !== undefined && lease.batch !== this.#batch) {
      throw new Error('SQLite transaction aborted: its batch failed to commit');
    }
    const batch = this.#openBatch();
    lease.batch = batch;
    try {
      return run<R>(this.#writer, query);
    } catch (err) {
      // Most errors undo the statement only; some (disk full, I/O) end the whole transaction.
      if (!this.#writer.db.inTransaction && this.#batch === batch) {
        this.#batch = undefined;
        batch.fail(err);
      }
      throw err;
    }
  }

  #openBatch(): Batch {
    if (this.#batch !== undefined) return this.#batch;
    this.#writer.get('begin immediate').stmt.run();
    const batch = new Batch();
    this.#batch = batch;
    setImmediate(() => void this.#commit(batch));
    return batch;
  }

  async #commit(batch: Batch): Promise<void> {
    await this.#mutex.lock();
    try {
      if (this.#batch !== batch) return; // failed meanwhile
      this.#batch = undefined;
      try {
        this.#writer.get('commit').stmt.run();
      } catch (err) {
        if (this.#writer.db.inTransaction) this.#writer.get('rollback').stmt.run();
        batch.fail(err);
        return;
      }
    } finally {
      this.#mutex.unlock();
    }
    this.batches++;
    this.#wal!.noteCommit();
    try {
      await this.#wal!.durable();
      batch.succeed();
    } catch (err) {
      batch.fail(err);
    }
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (!lease.locked) {
      await this.#mutex.lock();
      lease.locked = true;
    }
    if (this.#reader === undefined) {
      this.#writer.db.prepare('begin').run();
      return;
    }
    lease.savepoint = `userpool_tx_${++this.#savepoints}`;
    this.#onWriter(lease, CompiledQuery.raw(`savepoint ${quoteIdentifier(lease.savepoint)}`));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (lease.savepoint === undefined) await lease.executeQuery(CompiledQuery.raw('commit'));
    else await lease.executeQuery(CompiledQuery.raw(`release ${quoteIdentifier(lease.savepoint)}`));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (lease.savepoint === undefined) {
      await lease.executeQuery(CompiledQuery.raw('rollback'));
      return;
    }
    const name = quoteIdentifier(lease.savepoint);
    // When the batch itself is gone (it failed), there is nothing left to undo.
    if (!this.#writer.db.inTransaction) return;
    await lease.executeQuery(CompiledQuery.raw(`rollback to ${name}`));
    await lease.executeQuery(CompiledQuery.raw(`release ${name}`));
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

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    const lease = connection as Lease;
    if (lease.locked) {
      lease.locked = false;
      this.#mutex.unlock();
    }
    // After the unlock: other requests use the connection while this one waits for the disk.
    if (lease.batch !== undefined) await lease.batch.done;
  }

  async destroy(): Promise<void> {
    if (this.#batch !== undefined) await this.#batch.done.catch(() => undefined);
    await this.#wal?.close();
    this.#writer.clear();
    this.#reader?.clear();
    this.#reader?.db.close();
    this.#writer.db.close();
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
