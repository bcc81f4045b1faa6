import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Sign-in state: refresh tokens (stored as SHA-256 hashes, never the token) and challenge
 * sessions (single-use, consumed atomically by deleting the row).
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('refresh_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('user_sub', 'text', (c) => c.notNull())
    /** The token family: access/ID tokens minted from this refresh token carry it as `origin_jti`. */
    .addColumn('origin_jti', 'text', (c) => c.notNull())
    .addColumn('device_key', 'text')
    /** Space-separated scopes granted (OAuth); null for API sign-in (aws.cognito.signin.user.admin). */
    .addColumn('scopes', 'text')
    /** Epoch seconds of the original sign-in (`auth_time`, unchanged on refresh). */
    .addColumn('auth_time', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('revoked_at', 'bigint')
    /** Set when GetTokensFromRefreshToken rotated it: after its (shortened) expiry, reuse is reported. */
    .addColumn('rotated_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addForeignKeyConstraint('refresh_tokens_user', ['pool_id', 'user_sub'], 'users', ['pool_id', 'sub'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('refresh_tokens_user').on('refresh_tokens').columns(['pool_id', 'user_sub']).execute();
  await db.schema.createIndex('refresh_tokens_origin').on('refresh_tokens').columns(['origin_jti']).execute();
  await db.schema.createIndex('refresh_tokens_expiry').on('refresh_tokens').columns(['expires_at']).execute();

  await db.schema
    .createTable('auth_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('client_id', 'text', (c) => c.notNull())
    /** Null for the decoy sessions of unknown users (PreventUserExistenceErrors). */
    .addColumn('user_sub', 'text')
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('auth_sessions_expiry').on('auth_sessions').columns(['expires_at']).execute();
}
