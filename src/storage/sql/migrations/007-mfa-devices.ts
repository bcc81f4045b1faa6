import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Multi-factor authentication and remembered devices.
 *
 * `user_mfa`: a user's MFA state beyond the legacy `users.mfa_options` (which stays the record of
 * SMS MFA): TOTP and email MFA switched on, the preferred method, the verified TOTP secret and a
 * pending one (AssociateSoftwareToken, until VerifySoftwareToken), both sealed with the master
 * key, and the last TOTP time step accepted (each code works once).
 *
 * `devices`: devices confirmed with ConfirmDevice. The device SRP salt and verifier are sealed
 * like a password verifier. A forgotten device keeps its row with status `forgotten`, so its key
 * can never be confirmed again and its refresh tokens never refresh again. Both tables die with
 * their user.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('user_mfa')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('user_sub', 'text', (c) => c.notNull())
    .addColumn('totp_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('email_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    /** SMS_MFA | SOFTWARE_TOKEN_MFA | EMAIL_OTP, or null. */
    .addColumn('preferred', 'text')
    /** Sealed base32 secret of the verified authenticator, or null. */
    .addColumn('totp_secret_sealed', 'text')
    /** Sealed base32 secret from AssociateSoftwareToken, waiting for VerifySoftwareToken. */
    .addColumn('totp_pending_sealed', 'text')
    .addColumn('totp_name', 'text')
    /** The last RFC 6238 time step accepted (codes of that step or earlier are refused). */
    .addColumn('totp_last_step', 'bigint')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_mfa_pk', ['pool_id', 'user_sub'])
    .addForeignKeyConstraint('user_mfa_user', ['pool_id', 'user_sub'], 'users', ['pool_id', 'sub'], (c) => c.onDelete('cascade'))
    .execute();

  await db.schema
    .createTable('devices')
    /** `{region}_{uuid}`: unique across pools. */
    .addColumn('device_key', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('user_sub', 'text', (c) => c.notNull())
    .addColumn('device_group_key', 'text', (c) => c.notNull())
    /** Sealed device SRP salt + verifier (JSON), or null when ConfirmDevice sent none. */
    .addColumn('verifier_sealed', 'text')
    .addColumn('name', 'text')
    /** remembered | not_remembered | forgotten */
    .addColumn('status', 'text', (c) => c.notNull())
    /** Further device attributes (JSON object of strings). */
    .addColumn('attributes', 'text', (c) => c.notNull())
    .addColumn('last_ip', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_authenticated_at', 'bigint', (c) => c.notNull())
    .addForeignKeyConstraint('devices_user', ['pool_id', 'user_sub'], 'users', ['pool_id', 'sub'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('devices_user').on('devices').columns(['pool_id', 'user_sub', 'created_at', 'device_key']).execute();
}
