import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/** Text that sorts by code point on both databases, so prefix ranges use the index. */
export function searchText(dialect: Dialect): 'text' | ReturnType<typeof sql.raw> {
  return dialect === 'postgres' ? sql.raw('text collate "C"') : 'text';
}

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const st = searchText(dialect);
  await db.schema
    .createTable('user_pools')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text')
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('clients_pool').on('clients').columns(['pool_id', 'id']).execute();

  let users = db.schema.createTable('users');
  users = dialect === 'postgres'
    ? users.addColumn('seq', 'bigserial', (c) => c.primaryKey())
    : users.addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement());
  await users
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('sub', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('username_key', st, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('email_lc', st)
    .addColumn('phone_number_lc', st)
    .addColumn('name_lc', st)
    .addColumn('given_name_lc', st)
    .addColumn('family_name_lc', st)
    .addColumn('preferred_username_lc', st)
    .addColumn('email_alias', 'text')
    .addColumn('phone_alias', 'text')
    .addColumn('preferred_username_alias', 'text')
    .addColumn('password_sealed', 'text')
    .addColumn('temp_password_expires_at', 'bigint')
    .addColumn('mfa_options', 'text')
    .addColumn('tokens_valid_after', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('users_sub', ['pool_id', 'sub'])
    .addUniqueConstraint('users_username', ['pool_id', 'username_key'])
    .addUniqueConstraint('users_email_alias', ['pool_id', 'email_alias'])
    .addUniqueConstraint('users_phone_alias', ['pool_id', 'phone_alias'])
    .addUniqueConstraint('users_preferred_username_alias', ['pool_id', 'preferred_username_alias'])
    .execute();
  for (const col of ['status', 'email_lc', 'phone_number_lc', 'name_lc', 'given_name_lc', 'family_name_lc', 'preferred_username_lc']) {
    await db.schema.createIndex(`users_${col}`).on('users').columns(['pool_id', col, 'seq']).execute();
  }
  await db.schema.createIndex('users_enabled').on('users').columns(['pool_id', 'enabled', 'seq']).execute();

  await db.schema
    .createTable('groups')
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('name', st, (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('role_arn', 'text')
    .addColumn('precedence', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('groups_pk', ['pool_id', 'name'])
    .execute();

  await db.schema
    .createTable('group_members')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('group_name', st, (c) => c.notNull())
    .addColumn('user_sub', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_members_pk', ['pool_id', 'group_name', 'user_sub'])
    .addForeignKeyConstraint('group_members_group', ['pool_id', 'group_name'], 'groups', ['pool_id', 'name'], (c) => c.onDelete('cascade'))
    .addForeignKeyConstraint('group_members_user', ['pool_id', 'user_sub'], 'users', ['pool_id', 'sub'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('group_members_user').on('group_members').columns(['pool_id', 'user_sub']).execute();

  await db.schema
    .createTable('signing_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('private_sealed', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('signing_keys_pool').on('signing_keys').columns(['pool_id', 'created_at']).execute();
}
