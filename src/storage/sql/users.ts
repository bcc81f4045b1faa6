import { CompiledQuery, sql, type Selectable } from 'kysely';
import type { UsersTable } from './schema.ts';
import { type UserRecord, type AliasKind, type UserQuery, type UserListing, type UsersStore } from '../ports/index.ts';
import { toUser, toUserListing, userRow, ALIAS_COLUMN, USER_LISTING_COLUMNS, MAX_CHAR, MAX_BULK_PARAMETERS, BULK_INSERT_SQL } from './rows.ts';
import { mapUnique, SqlPart } from './session.ts';

/** Users: identity, attributes, aliases, status and the columns sign-in reads. */
export class SqlUsers extends SqlPart implements UsersStore {
  async insertUser(u: UserRecord): Promise<void> {
    await mapUnique(this.db.insertInto('users').values(userRow(u)).execute());
  }
  /**
   * Writes every column of an existing user (by pool + sub): afterwards the row is `u`. Only the
   * columns whose stored value differs are sent (the row is read first, locked on PostgreSQL, in
   * one transaction): an UPDATE naming a column rewrites every index on it, and the users table
   * has thirteen — setting all columns cost ~4× an UPDATE of the three an attribute change touches.
   */
  async updateUser(u: UserRecord): Promise<void> {
    const row = userRow(u);
    await this.session.transaction(async (tx) => {
      let read = tx.db.selectFrom('users').selectAll().where('pool_id', '=', u.poolId).where('sub', '=', u.sub);
      if (tx.dialect === 'postgres') read = read.forUpdate();
      const current = await read.executeTakeFirst();
      if (current === undefined) return; // no such user: the UPDATE would change nothing
      const changed: Partial<Omit<UsersTable, 'seq'>> = {};
      for (const key of Object.keys(row) as Array<keyof typeof row>) {
        if (row[key] !== current[key]) (changed as Record<string, unknown>)[key] = row[key];
      }
      if (Object.keys(changed).length === 0) return;
      await mapUnique(tx.db.updateTable('users').set(changed).where('pool_id', '=', u.poolId).where('sub', '=', u.sub).execute());
    });
  }
  async findUserByUsernameKey(poolId: string, key: string): Promise<UserRecord | undefined> {
    const [r] = await this.run<Selectable<UsersTable>>('user by username', (p) => this.db.selectFrom('users').selectAll().where('pool_id', '=', p(0)).where('username_key', '=', p(1)), [poolId, key]);
    return r && toUser(r);
  }
  async findUserBySub(poolId: string, sub: string): Promise<UserRecord | undefined> {
    const [r] = await this.run<Selectable<UsersTable>>('user by sub', (p) => this.db.selectFrom('users').selectAll().where('pool_id', '=', p(0)).where('sub', '=', p(1)), [poolId, sub]);
    return r && toUser(r);
  }
  async findUserByAlias(poolId: string, kind: AliasKind, value: string): Promise<UserRecord | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('pool_id', '=', poolId).where(ALIAS_COLUMN[kind], '=', value).executeTakeFirst();
    return r && toUser(r);
  }
  async deleteUser(poolId: string, sub: string): Promise<boolean> {
    const r = await this.db.deleteFrom('users').where('pool_id', '=', poolId).where('sub', '=', sub).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  async countUsers(poolId: string): Promise<number> {
    const r = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('pool_id', '=', poolId).executeTakeFirstOrThrow();
    return Number(r.n);
  }
  /**
   * One page of users in index order: by (filtered column, seq) when filtered, else by seq.
   * Keyset paging, so users added or removed between pages never make a page repeat or skip one.
   */
  async listUsers(poolId: string, q: UserQuery): Promise<UserRecord[]> {
    const rows = await this.userPage(poolId, q).selectAll().execute();
    return rows.map(toUser);
  }
  /**
   * {@link listUsers} with only what a listing shows (ListUsers): no sealed password and no
   * sign-in bookkeeping — the sealed password alone was half of the bytes SQLite handed over.
   */
  async listUserListings(poolId: string, q: UserQuery): Promise<UserListing[]> {
    const rows = await this.userPage(poolId, q).select(USER_LISTING_COLUMNS).execute();
    return rows.map(toUserListing);
  }
  private userPage(poolId: string, q: UserQuery) {
    let query = this.db.selectFrom('users').where('pool_id', '=', poolId);
    const col = q.column;
    if (col !== undefined && q.value !== undefined) {
      if (q.op === 'startsWith' && typeof q.value === 'string') {
        query = query.where(col, '>=', q.value).where(col, '<', q.value + MAX_CHAR);
      } else {
        query = query.where(col, '=', q.value);
      }
      const after = q.after;
      if (after !== undefined && after.value !== undefined) {
        const av = after.value;
        query = query.where((eb) => eb.or([eb(col, '>', av), eb.and([eb(col, '=', av), eb('seq', '>', after.seq)])]));
      }
      query = query.orderBy(col).orderBy('seq');
    } else {
      if (q.after !== undefined) query = query.where('seq', '>', q.after.seq);
      query = query.orderBy('seq');
    }
    return query.limit(q.limit);
  }
  async setUserTokensValidAfter(poolId: string, userSub: string, at: number): Promise<void> {
    await this.db.updateTable('users').set({ tokens_valid_after: at }).where('pool_id', '=', poolId).where('sub', '=', userSub).execute();
  }
  /** The legacy MFAOptions (SMS MFA) of a user, without rewriting the rest of the row. */
  async setUserMfaOptions(poolId: string, userSub: string, options: unknown[] | null, now: number): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ mfa_options: options === null ? null : JSON.stringify(options), updated_at: now })
      .where('pool_id', '=', poolId)
      .where('sub', '=', userSub)
      .execute();
  }
  /** The user, its row locked until the transaction ends (PostgreSQL; SQLite transactions are serialised). */
  async findUserBySubForUpdate(poolId: string, sub: string): Promise<UserRecord | undefined> {
    let q = this.db.selectFrom('users').selectAll().where('pool_id', '=', poolId).where('sub', '=', sub);
    if (this.dialect === 'postgres') q = q.forUpdate();
    const r = await q.executeTakeFirst();
    return r && toUser(r);
  }
  /**
   * Bulk insert (multi-row INSERTs) that skips rows breaking a uniqueness rule instead of failing;
   * the subs of the rows actually inserted. Run inside the batch's transaction. Rows go in `sub`
   * order: the random UUIDs then land in the sub index as one ordered run instead of scattered
   * page writes (a third less database time on SQLite), so which of two conflicting rows of one
   * call wins is unspecified — callers drop duplicates among `users` first.
   */
  async insertUsersSkippingConflicts(users: UserRecord[]): Promise<Set<string>> {
    const inserted = new Set<string>();
    const ordered = [...users].sort((a, b) => (a.sub < b.sub ? -1 : a.sub > b.sub ? 1 : 0));
    const perStatement = ordered.length === 0 ? 1 : Math.max(1, Math.floor(MAX_BULK_PARAMETERS / Object.keys(userRow(ordered[0]!)).length));
    for (let i = 0; i < ordered.length; i += perStatement) {
      const rows = ordered.slice(i, i + perStatement).map(userRow);
      // The statement text depends only on the row count: compiled once, then run with fresh parameters.
      const key = `${this.dialect}:${rows.length}`;
      let template = BULK_INSERT_SQL.get(key);
      if (template === undefined) {
        const compiled = this.db.insertInto('users').values(rows).onConflict((oc) => oc.doNothing()).returning('sub').compile();
        template = { sql: compiled.sql, columns: Object.keys(rows[0]!) as Array<keyof Omit<UsersTable, 'seq'>> };
        BULK_INSERT_SQL.set(key, template);
      }
      const params: unknown[] = [];
      for (const row of rows) for (const col of template.columns) params.push(row[col]);
      const out = await this.db.executeQuery<{ sub: string }>(CompiledQuery.raw(template.sql, params));
      for (const r of out.rows) inserted.add(r.sub);
    }
    return inserted;
  }
  /** Which of `keys` are usernames of existing users of the pool. */
  async findTakenUsernameKeys(poolId: string, keys: string[]): Promise<Set<string>> {
    const taken = new Set<string>();
    for (let i = 0; i < keys.length; i += 1000) {
      const rows = await this.db.selectFrom('users').select('username_key').where('pool_id', '=', poolId).where('username_key', 'in', keys.slice(i, i + 1000)).execute();
      for (const r of rows) taken.add(r.username_key);
    }
    return taken;
  }
}
