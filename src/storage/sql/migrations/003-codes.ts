import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * One-time codes (sign-up confirmation, password reset, attribute verification): one live code
 * per (user, purpose), stored as a keyed hash, consumed by deleting the row (single use).
 * Codes die with their user (and so with their pool).
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('codes')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('user_sub', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('code_hash', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('codes_pk', ['pool_id', 'user_sub', 'purpose'])
    .addForeignKeyConstraint('codes_user', ['pool_id', 'user_sub'], 'users', ['pool_id', 'sub'], (c) => c.onDelete('cascade'))
    .execute();
}
