import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * OAuth 2.0 / OpenID Connect (spec/auth.md §E).
 *
 * `user_pool_domains`: prefix domains (`<prefix>.auth.<region>.amazoncognito.com`) and custom
 * domains. The domain string is the primary key, so a domain belongs to one pool only (AWS:
 * `Domain already associated with another user pool.`). The pool's config mirrors it in
 * `Domain` / `CustomDomain` (DescribeUserPool, and DeleteUserPool refuses while one is set).
 *
 * `resource_servers`: OAuth resource servers and their custom scopes (JSON array of
 * ResourceServerScopeType), keyed by pool + identifier.
 *
 * `oauth_codes`: authorization codes, stored as SHA-256 hashes only, single-use (consumed by an
 * atomic delete), bound to the client, redirect_uri, PKCE challenge, nonce, scopes and user.
 *
 * `hosted_sessions`: the hosted pages' sign-in session (the `cognito` cookie), so a second
 * /oauth2/authorize skips the form; stored as hashes, deleted by /logout.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('user_pool_domains')
    .addColumn('domain', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    /** 1 = custom domain (CustomDomainConfig), 0 = Amazon Cognito prefix domain. */
    .addColumn('custom', 'integer', (c) => c.notNull())
    .addColumn('certificate_arn', 'text')
    .addColumn('managed_login_version', 'integer')
    /** DomainDescription.Version (changes on every update). */
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_pool_domains_pool').on('user_pool_domains').columns(['pool_id']).execute();

  await db.schema
    .createTable('resource_servers')
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    /** JSON array of {ScopeName, ScopeDescription}. */
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('resource_servers_pk', ['pool_id', 'identifier'])
    .execute();

  await db.schema
    .createTable('oauth_codes')
    .addColumn('code_hash', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('user_sub', 'text', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    /** Space-separated granted scopes. */
    .addColumn('scopes', 'text', (c) => c.notNull())
    /** PKCE S256 challenge, or null. */
    .addColumn('code_challenge', 'text')
    .addColumn('nonce', 'text')
    /** Epoch seconds of the sign-in. */
    .addColumn('auth_time', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addForeignKeyConstraint('oauth_codes_user', ['pool_id', 'user_sub'], 'users', ['pool_id', 'sub'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('oauth_codes_expiry').on('oauth_codes').columns(['expires_at']).execute();

  await db.schema
    .createTable('hosted_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('user_sub', 'text', (c) => c.notNull())
    /** Epoch seconds of the sign-in (auth_time of tokens issued from this session). */
    .addColumn('auth_time', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addForeignKeyConstraint('hosted_sessions_user', ['pool_id', 'user_sub'], 'users', ['pool_id', 'sub'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('hosted_sessions_expiry').on('hosted_sessions').columns(['expires_at']).execute();
}
