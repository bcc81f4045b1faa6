import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * The message outbox: every invitation / code message the server renders, newest readable by
 * (pool, username). With the development outbox endpoint off, secrets are redacted before the
 * row is written (see src/domain/messaging/deliver.ts).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  let messages = db.schema.createTable('messages');
  messages = dialect === 'postgres'
    ? messages.addColumn('id', 'bigserial', (c) => c.primaryKey())
    : messages.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
  await messages
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('username', 'text', (c) => c.notNull())
    /** EMAIL | SMS */
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    /** INVITATION, SIGN_UP, RESEND_CODE, FORGOT_PASSWORD, UPDATE_ATTRIBUTE, VERIFY_ATTRIBUTE, AUTHENTICATION, ADMIN_RESET */
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('subject', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('messages_user').on('messages').columns(['pool_id', 'username', 'id']).execute();
}
