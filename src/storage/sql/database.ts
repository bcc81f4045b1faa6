import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type pg from 'pg';
import { Kysely, Migrator, sql, type Migration } from 'kysely';
import { OwnSchemaPostgresDialect } from './own-schema-postgres.ts';
import type { Database } from './schema.ts';
import type { Dialect } from './dialect.ts';
import { storeSqliteDialect } from './sqlite-driver.ts';
import * as m001 from './migrations/001-initial.ts';
import * as m002 from './migrations/002-messages.ts';
import * as m003 from './migrations/003-codes.ts';
import * as m004 from './migrations/004-auth.ts';
import * as m006 from './migrations/006-import-jobs.ts';
import * as m007 from './migrations/007-mfa-devices.ts';
import * as m008 from './migrations/008-oauth.ts';
import * as m009 from './migrations/009-config.ts';
import * as m010 from './migrations/010-attempt-counters.ts';
import * as m011 from './migrations/011-server-settings.ts';

export interface OpenDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /** Rejects unless the database answers a trivial query (readiness). */
  ping(): Promise<void>;
  /** PostgreSQL's connection pool: connections open, idle, and queries waiting for one; undefined for SQLite (one connection, no pool). */
  poolFigures(): PoolFigures | undefined;
  close(): Promise<void>;
}

export interface PoolFigures {
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

function migrations(dialect: Dialect): Record<string, Migration> {
  return {
    '001-initial': { up: (db) => m001.up(db, dialect) },
    '002-messages': { up: (db) => m002.up(db, dialect) },
    '003-codes': { up: (db) => m003.up(db, dialect) },
    '004-auth': { up: (db) => m004.up(db, dialect) },
    '006-import-jobs': { up: (db) => m006.up(db, dialect) },
    '007-mfa-devices': { up: (db) => m007.up(db, dialect) },
    '008-oauth': { up: (db) => m008.up(db, dialect) },
    '009-config': { up: (db) => m009.up(db, dialect) },
    '010-attempt-counters': { up: (db) => m010.up(db, dialect) },
    '011-server-settings': { up: (db) => m011.up(db, dialect) },
  };
}

/**
 * A SQLite file is created 0600 in a directory created 0700 (an existing file is made 0600):
 * SQLite gives its -wal and -shm files the database file's mode.
 */
function makePrivate(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(f)) chmodSync(f, 0o600);
  }
}

/**
 * Opens `sqlite:<path>`, `sqlite::memory:` or `postgres://…` and brings its schema up to date.
 * `mustExist`: a SQLite file that is not there is an error naming it, and none is created (the
 * operator commands work on a server's database, never on a new empty one).
 */
export async function openDatabase(url: string, options: { poolSize?: number; mustExist?: boolean } = {}): Promise<OpenDatabase> {
  let db: Kysely<Database>;
  let dialect: Dialect;
  let pgPool: pg.Pool | undefined;
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    dialect = 'postgres';
    // Loaded only for PostgreSQL: a SQLite server never holds the driver in memory.
    const { default: postgres } = await import('pg');
    // pg returns int8 as strings; every bigint here is an epoch-ms timestamp or a row number, well inside 2^53.
    postgres.types.setTypeParser(20, (v: string) => Number(v));
    pgPool = new postgres.Pool({ connectionString: url, max: options.poolSize ?? 10 });
    // An idle connection the server drops (a restart, a failover, a proxy cutting it) is emitted as
    // an 'error' on the pool, which would crash the process unheard. The pool has already removed
    // that client; the next query opens a new connection, and /ready reports a database still gone.
    pgPool.on('error', () => {});
    db = new Kysely<Database>({ dialect: new OwnSchemaPostgresDialect({ pool: pgPool }) });
  } else if (url.startsWith('sqlite:')) {
    dialect = 'sqlite';
    const path = url.slice('sqlite:'.length);
    const file = path === ':memory:' || path === '' ? ':memory:' : path;
    if (file !== ':memory:' && options.mustExist && !existsSync(file)) {
      throw new Error(`no database at ${resolve(file)}: start the server first, or point --db / DATABASE_URL / --config at the server's database`);
    }
    if (file !== ':memory:') makePrivate(file);
    const sqlite = new BetterSqlite3(file);
    sqlite.pragma('journal_mode = WAL');
    // NORMAL: a COMMIT does not fsync on the event loop; the driver fsyncs the WAL in the thread
    // pool before any caller learns of the commit (group commit: as durable as FULL, see sqlite-driver.ts).
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    db = new Kysely<Database>({ dialect: storeSqliteDialect(sqlite) });
  } else {
    throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got "${url}"`);
  }
  // PostgreSQL: keep Kysely's migration tables in the connection's own schema. Without this the
  // migrator's existence check sees another schema's kysely_migration_lock (it introspects every
  // schema) and skips creating its own — two servers on one database in different schemas collide.
  const migrationTableSchema = dialect === 'postgres' ? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]?.s : undefined;
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations(dialect) }, ...(migrationTableSchema ? { migrationTableSchema } : {}) });
  const { error } = await migrator.migrateToLatest();
  if (error) {
    await db.destroy();
    throw error instanceof Error ? error : new Error(String(error));
  }
  const pool = pgPool;
  return {
    db,
    dialect,
    ping: async () => {
      await sql`select 1`.execute(db);
    },
    poolFigures: () => (pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max } : undefined),
    close: () => db.destroy(),
  };
}
