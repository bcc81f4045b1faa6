import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Settings of the whole server, kept in the database so every node sees them. First entry:
 * `master_key_fingerprint`, a MAC of a constant under the master key that sealed this database,
 * so that a node with another key refuses to start instead of failing every sign-in.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('server_settings')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
}
