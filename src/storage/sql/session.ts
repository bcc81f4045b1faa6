import { CompiledQuery, sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from './schema.ts';
import type { Dialect } from './dialect.ts';
import { UniqueViolation, type PoolRecord, type UniqueRule } from '../ports/index.ts';

export const UNIQUE_BY_CONSTRAINT: Record<string, UniqueRule> = {
  user_pools_pkey: 'pool',
  clients_pkey: 'client',
  users_username: 'username',
  users_sub: 'sub',
  users_email_alias: 'email_alias',
  users_phone_alias: 'phone_alias',
  users_preferred_username_alias: 'preferred_username_alias',
  groups_pk: 'group',
  group_members_pk: 'group_member',
  signing_keys_pkey: 'kid',
  identity_providers_pk: 'identity_provider',
  idp_identifiers_pk: 'idp_identifier',
  identity_links_pk: 'identity_link',
};

// SQLite names the columns, not the constraint: "UNIQUE constraint failed: users.pool_id, users.email_alias".
export const UNIQUE_BY_SQLITE_COLUMNS: Record<string, UniqueRule> = {
  'user_pools.id': 'pool',
  'clients.id': 'client',
  'users.pool_id, users.username_key': 'username',
  'users.pool_id, users.sub': 'sub',
  'users.pool_id, users.email_alias': 'email_alias',
  'users.pool_id, users.phone_alias': 'phone_alias',
  'users.pool_id, users.preferred_username_alias': 'preferred_username_alias',
  'groups.pool_id, groups.name': 'group',
  'group_members.pool_id, group_members.group_name, group_members.user_sub': 'group_member',
  'signing_keys.kid': 'kid',
  'identity_providers.pool_id, identity_providers.name': 'identity_provider',
  'idp_identifiers.pool_id, idp_identifiers.identifier': 'idp_identifier',
  'identity_links.pool_id, identity_links.provider_name, identity_links.attribute_name, identity_links.attribute_value': 'identity_link',
};

export function asUniqueViolation(err: unknown): UniqueViolation | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e.code === '23505') return new UniqueViolation(UNIQUE_BY_CONSTRAINT[String(e.constraint)] ?? 'other');
  if ((e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') && typeof e.message === 'string') {
    const cols = e.message.replace(/^UNIQUE constraint failed: /, '');
    return new UniqueViolation(UNIQUE_BY_SQLITE_COLUMNS[cols] ?? 'other');
  }
  return undefined;
}

export async function mapUnique<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    throw asUniqueViolation(err) ?? err;
  }
}

// ---- performance: statements compiled once ----
/**
 * A hot statement compiled once per dialect: Kysely builds a query tree, freezes it and compiles
 * it on every call otherwise (a tenth of a cheap request's CPU for three point lookups). The
 * statement is built by the same Kysely code — one code path for SQLite and PostgreSQL — with
 * placeholder values, and `bind` maps a call's values to the compiled parameter order.
 */
export interface Compiled {
  sql: string;
  bind(values: readonly unknown[]): unknown[];
}
const COMPILED = new Map<string, Compiled>();
const PLACEHOLDER = /^\u0000userpool-param-(\d+)\u0000$/;

export function compiledOnce(dialect: Dialect, name: string, build: (p: (i: number) => string) => { compile(): CompiledQuery }): Compiled {
  const key = `${dialect}|${name}`;
  let c = COMPILED.get(key);
  if (c === undefined) {
    const q = build((i) => `\u0000userpool-param-${i}\u0000`).compile();
    const positions = q.parameters.map((v) => {
      const m = typeof v === 'string' ? PLACEHOLDER.exec(v) : null;
      if (m === null) throw new Error(`statement ${name}: every parameter must be a placeholder`);
      return Number(m[1]);
    });
    c = { sql: q.sql, bind: (values) => positions.map((i) => values[i]) };
    COMPILED.set(key, c);
  }
  return c;
}

export type Db = Kysely<Database> | Transaction<Database>;

/**
 * One connection scope (the database or one transaction) shared by every aggregate of a store:
 * the handle, the dialect, statements compiled once and the parsed-pool cache.
 */
export class SqlSession {
  readonly db: Db;
  readonly dialect: Dialect;
  /**
   * Pools already read and parsed, by id (shared with the session's transactions). Every
   * `findPool` still asks the database for the row's `updated_at` / `created_at` and uses the
   * cached copy only when both match: every pool write moves `updated_at` forward (the
   * compare-and-set in `modifyPool`), so a read never returns a pool older than the database's,
   * whichever node wrote it. What the cache saves is fetching and parsing the config JSON.
   * Cached records are deeply frozen: they are shared by concurrent requests.
   */
  readonly poolCache: Map<string, PoolRecord>;
  constructor(db: Db, dialect: Dialect, poolCache: Map<string, PoolRecord> = new Map()) {
    this.db = db;
    this.dialect = dialect;
    this.poolCache = poolCache;
  }

  /** Runs `fn` in one transaction (joins the current one when there is one). */
  async transaction<T>(fn: (s: SqlSession) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    return (this.db as Kysely<Database>).transaction().execute((trx) => fn(new SqlSession(trx, this.dialect, this.poolCache)));
  }

  /** Runs a statement {@link compiledOnce}; its rows. */
  async run<R>(name: string, build: (p: (i: number) => string) => { compile(): CompiledQuery }, values: readonly unknown[]): Promise<R[]> {
    const c = compiledOnce(this.dialect, name, build);
    return (await this.db.executeQuery<R>(CompiledQuery.raw(c.sql, c.bind(values)))).rows;
  }
}

/** Base of the aggregate implementations: each reads and writes through the session it was given. */
export abstract class SqlPart {
  protected readonly session: SqlSession;
  constructor(session: SqlSession) {
    this.session = session;
  }
  protected get db(): Db {
    return this.session.db;
  }
  protected get dialect(): Dialect {
    return this.session.dialect;
  }
  protected run<R>(name: string, build: (p: (i: number) => string) => { compile(): CompiledQuery }, values: readonly unknown[]): Promise<R[]> {
    return this.session.run<R>(name, build, values);
  }
}
