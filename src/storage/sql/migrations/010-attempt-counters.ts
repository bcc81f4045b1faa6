import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Per-user throttle counters (codes issued, wrong codes answered), one row per (user, kind),
 * counted in fixed windows from `window_start`. In the database so they hold across restarts and
 * nodes; updated by one upsert … RETURNING. No foreign key to users: under
 * PreventUserExistenceErrors unknown usernames are counted too (`user_sub` = `?` + a hash of the
 * username), so throttling does not tell real users apart.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('attempt_counters')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('user_sub', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('attempt_counters_pk', ['pool_id', 'user_sub', 'kind'])
    .execute();
}
