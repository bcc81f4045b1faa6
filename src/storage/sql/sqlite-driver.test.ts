import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { storeSqliteDialect, type StoreSqliteDriver } from './sqlite-driver.ts';

interface Db {
  t: { id: number; v: string };
}

function open(file: string): { db: Kysely<Db>; driver: StoreSqliteDriver } {
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  const dialect = storeSqliteDialect(sqlite);
  return { db: new Kysely<Db>({ dialect }), driver: dialect.driver };
}

describe('SQLite driver: group commit', () => {
  let dir: string;
  let db: Kysely<Db>;
  let driver: StoreSqliteDriver;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'userpool-driver-'));
    ({ db, driver } = open(join(dir, 'db.sqlite')));
    await db.schema.createTable('t').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('v', 'text', (c) => c.notNull()).execute();
  });
  after(async () => {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a write returns only after an fdatasync of the WAL that began after its commit', async () => {
    const wal = driver.walSync!;
    for (let i = 1; i <= 5; i++) {
      const before = wal.syncs;
      await db.insertInto('t').values({ id: i, v: 'x' }).execute();
      assert.ok(wal.syncs > before, `insert ${i} acknowledged without a sync`);
      assert.equal(wal.pending, false);
    }
  });

  it('a transaction waits once, at its end; reads with nothing pending do not sync', async () => {
    const wal = driver.walSync!;
    const before = wal.syncs;
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('t').values({ id: 100, v: 'a' }).execute();
      await tx.updateTable('t').set({ v: 'b' }).where('id', '=', 100).execute();
      assert.equal(wal.syncs, before, 'no sync inside the transaction');
    });
    assert.equal(wal.syncs, before + 1);
    await db.selectFrom('t').selectAll().execute();
    assert.equal(wal.syncs, before + 1);
  });

  it('concurrent writes share fdatasyncs (group commit), and every one is acknowledged after one', async () => {
    const wal = driver.walSync!;
    const before = wal.syncs;
    const n = 200;
    const seen = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        await db.insertInto('t').values({ id: 1000 + i, v: 'c' }).execute();
        return wal.syncs;
      }),
    );
    for (const s of seen) assert.ok(s > before);
    const used = wal.syncs - before;
    assert.ok(used >= 1 && used < n / 4, `${used} syncs for ${n} concurrent commits`);
    const count = await db.selectFrom('t').select(sql<number>`count(*)`.as('n')).where('v', '=', 'c').executeTakeFirstOrThrow();
    assert.equal(Number(count.n), n);
  });

  it('batches: concurrent writes share SQLite commits; a rolled-back transaction undoes only its own writes', async () => {
    const before = driver.batches;
    const results = await Promise.allSettled([
      ...Array.from({ length: 50 }, (_, i) => db.insertInto('t').values({ id: 2000 + i, v: 'batched' }).execute()),
      db.transaction().execute(async (tx) => {
        await tx.insertInto('t').values({ id: 2100, v: 'undone' }).execute();
        throw new Error('abort');
      }),
      db.transaction().execute(async (tx) => {
        await tx.insertInto('t').values({ id: 2101, v: 'kept' }).execute();
      }),
    ]);
    assert.equal(results.filter((r) => r.status === 'rejected').length, 1);
    const used = driver.batches - before;
    assert.ok(used >= 1 && used <= 10, `${used} batches for 52 concurrent writes`);
    const ids = (await db.selectFrom('t').select('id').where('id', '>=', 2000).where('id', '<', 2200).execute()).map((r) => r.id);
    assert.equal(ids.length, 51);
    assert.ok(!ids.includes(2100) && ids.includes(2101));
  });

  it('a plain read outside the transaction sees committed rows only (no lock, no dirty read)', async () => {
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('t').values({ id: 3000, v: 'inside' }).execute();
      assert.equal((await tx.selectFrom('t').select('v').where('id', '=', 3000).executeTakeFirst())?.v, 'inside');
      // The root connection: neither blocked by the open transaction nor shown its row.
      assert.equal(await db.selectFrom('t').select('v').where('id', '=', 3000).executeTakeFirst(), undefined);
    });
    assert.equal((await db.selectFrom('t').select('v').where('id', '=', 3000).executeTakeFirst())?.v, 'inside');
  });

  it('a failed write (constraint) neither hangs nor breaks the next ones', async () => {
    await assert.rejects(db.insertInto('t').values({ id: 1, v: 'dup' }).execute(), /UNIQUE|PRIMARY/);
    await db.insertInto('t').values({ id: 5000, v: 'after' }).execute();
    await assert.rejects(
      db.transaction().execute(async (tx) => {
        await tx.insertInto('t').values({ id: 5001, v: 'rolled back' }).execute();
        throw new Error('abort');
      }),
      /abort/,
    );
    assert.equal(await db.selectFrom('t').select('id').where('id', '=', 5001).executeTakeFirst(), undefined);
    assert.equal(driver.walSync!.pending, false);
  });

  it('prepared statements are reused across calls and survive schema changes', async () => {
    const q = () => db.selectFrom('t').select('v').where('id', '=', 5000).executeTakeFirst();
    const all = () => db.selectFrom('t').selectAll().where('id', '=', 5000).executeTakeFirst() as Promise<Record<string, unknown> | undefined>;
    assert.equal((await q())?.v, 'after');
    assert.deepEqual(await all(), { id: 5000, v: 'after' });
    await db.schema.alterTable('t').addColumn('w', 'text', (c) => c.defaultTo('dflt')).execute();
    assert.equal((await q())?.v, 'after');
    assert.deepEqual(await all(), { id: 5000, v: 'after', w: 'dflt' });
    await db.schema.alterTable('t').dropColumn('w').execute();
    assert.deepEqual(await all(), { id: 5000, v: 'after' });
  });

  it('rows are plain objects with the selected names (aliases, expressions, repeated names, no rows)', async () => {
    const r = await db
      .selectFrom('t')
      .select((eb) => ['id', 'v as value', sql<string>`upper(v)`.as('up'), eb.fn.countAll<number>().over().as('n')])
      .where('id', '=', 5000)
      .execute();
    assert.deepEqual(r, [{ id: 5000, value: 'after', up: 'AFTER', n: 1 }]);
    assert.deepEqual(await db.selectFrom('t').selectAll().where('id', '=', -1).execute(), []);
    const twice = await sql<Record<string, unknown>>`select 1 as "a", 2 as "a", 'x"y' as "q""k"`.execute(db);
    assert.deepEqual(twice.rows, [{ a: 2, 'q"k': 'x"y' }]);
    const returned = await db.insertInto('t').values({ id: 6000, v: 'r' }).returning(['id', 'v']).execute();
    assert.deepEqual(returned, [{ id: 6000, v: 'r' }]);
  });
});

describe('SQLite driver: what was acknowledged is in the file', () => {
  it('rows written before close are there after reopening; a full disk fails the writes, nothing hangs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'userpool-driver-'));
    const file = join(dir, 'db.sqlite');
    try {
      let { db } = open(file);
      await db.schema.createTable('t').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('v', 'text', (c) => c.notNull()).execute();
      await Promise.all(Array.from({ length: 100 }, (_, i) => db.insertInto('t').values({ id: i, v: 'x'.repeat(100) }).execute()));
      await db.destroy();
      ({ db } = open(file));
      const n = await db.selectFrom('t').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 100);
      await db.destroy();

      // A database that cannot grow: writes fail with SQLITE_FULL, every promise settles.
      const sqlite = new BetterSqlite3(file);
      sqlite.pragma('journal_mode = WAL');
      const pages = Number(sqlite.pragma('page_count', { simple: true }));
      sqlite.pragma(`max_page_count = ${pages}`);
      const dialect = storeSqliteDialect(sqlite);
      db = new Kysely<Db>({ dialect });
      const settled = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => db.insertInto('t').values({ id: 1000 + i, v: 'y'.repeat(2000) }).execute()));
      const failed = settled.filter((r) => r.status === 'rejected').length;
      assert.ok(failed > 0, 'some writes must fail on a full database');
      const present = await db.selectFrom('t').select(sql<number>`count(*)`.as('n')).where('id', '>=', 1000).executeTakeFirstOrThrow();
      assert.equal(Number(present.n), 50 - failed, 'exactly the acknowledged writes are stored');
      await db.destroy();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('SQLite driver: in-memory database', () => {
  it('has no WAL to sync and works as before', async () => {
    const sqlite = new BetterSqlite3(':memory:');
    const dialect = storeSqliteDialect(sqlite);
    const db = new Kysely<Db>({ dialect });
    assert.equal(dialect.driver.walSync, undefined);
    await db.schema.createTable('t').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('v', 'text', (c) => c.notNull()).execute();
    await db.insertInto('t').values({ id: 1, v: 'm' }).execute();
    assert.deepEqual(await db.selectFrom('t').selectAll().execute(), [{ id: 1, v: 'm' }]);
    await db.destroy();
  });
});
