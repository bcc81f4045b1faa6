/**
 * PostgreSQL start-up next to other users of the same database: Kysely's migrator checks for its
 * tables by introspecting every schema of the database, which fails ("schema … does not exist",
 * "relation … does not exist") when another schema is dropped at that moment — another tenant's
 * schema, or another test run's. Servers starting while a neighbour creates and drops schemas must
 * all come up.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { openDatabase } from '../src/storage/sql/database.ts';
import { PG_URL, createPostgresSchema, databases } from './helpers/server.ts';

const kinds = await databases();

describe('PostgreSQL: start-up while other schemas of the database come and go', { skip: !kinds.includes('postgres') && 'no PostgreSQL' }, () => {
  it('every server migrates and opens while a neighbour creates and drops schemas with tables', { timeout: 120_000 }, async () => {
    const neighbour = new pg.Client({ connectionString: PG_URL });
    await neighbour.connect();
    let churning = true;
    let churned = 0;
    const churn = (async () => {
      for (let i = 0; churning; i++) {
        const name = `churn_${process.pid}_${i}`;
        await neighbour.query(`create schema ${name}`);
        await neighbour.query(`create table ${name}.t (id serial primary key, a text, b text, c text)`);
        await neighbour.query(`drop schema ${name} cascade`);
        churned++;
      }
    })();
    try {
      for (let i = 0; i < 12; i++) {
        const database = await openDatabase(await createPostgresSchema(), { poolSize: 2 });
        await database.close();
      }
    } finally {
      churning = false;
      await churn;
      await neighbour.end();
    }
    assert.ok(churned > 0);
  });
});
