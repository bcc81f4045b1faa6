import type { Kysely } from 'kysely';
import type { Dialect } from '../dialect.ts';

/**
 * Pool configuration beyond the pool row (identity providers, federation links, hosted UI
 * branding, risk and log-delivery settings) and the extra app client secrets.
 *
 * `identity_providers`: a pool's external IdPs, keyed by pool + provider name (AWS:
 * DuplicateProviderException). ProviderDetails carry client secrets and private keys, so they are
 * stored sealed with the master key, as one JSON document.
 *
 * `idp_identifiers`: each IdpIdentifier of a provider, unique per pool (GetIdentityProviderByIdentifier
 * finds the provider through it); dies with its provider.
 *
 * `identity_links`: external identities linked to a user (AdminLinkProviderForUser), keyed by pool +
 * provider + attribute name + value, so one external identity belongs to one user only; dies with
 * the user. The user's `identities` attribute mirrors these rows.
 *
 * `ui_customizations`: hosted UI (classic) CSS and logo, per pool (`client_id` = ALL) or per app
 * client; the logo is kept (base64) so this server can serve it at the returned ImageUrl.
 *
 * `pool_settings`: JSON settings per pool and kind (`risk`, `log_delivery`), optionally per app
 * client (`client_id`, '' for the pool).
 *
 * `clients.secrets`: every client secret (JSON `[{id, sealed, createdAt}]`, each sealed like
 * `secret_sealed`) once AddUserPoolClientSecret or DeleteUserPoolClientSecret ran; null before.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('identity_providers')
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    /** Sealed (AES-256-GCM) ProviderDetails JSON, base64. */
    .addColumn('details_sealed', 'text', (c) => c.notNull())
    /** AttributeMapping, JSON object. */
    .addColumn('attribute_mapping', 'text', (c) => c.notNull())
    /** IdpIdentifiers in the order given, JSON array (the rows of idp_identifiers carry uniqueness). */
    .addColumn('idp_identifiers', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_providers_pk', ['pool_id', 'name'])
    .execute();

  await db.schema
    .createTable('idp_identifiers')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('identifier', 'text', (c) => c.notNull())
    .addColumn('provider_name', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idp_identifiers_pk', ['pool_id', 'identifier'])
    .addForeignKeyConstraint('idp_identifiers_provider', ['pool_id', 'provider_name'], 'identity_providers', ['pool_id', 'name'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('idp_identifiers_provider').on('idp_identifiers').columns(['pool_id', 'provider_name']).execute();

  await db.schema
    .createTable('identity_links')
    .addColumn('pool_id', 'text', (c) => c.notNull())
    .addColumn('provider_name', 'text', (c) => c.notNull())
    .addColumn('attribute_name', 'text', (c) => c.notNull())
    .addColumn('attribute_value', 'text', (c) => c.notNull())
    .addColumn('user_sub', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('identity_links_pk', ['pool_id', 'provider_name', 'attribute_name', 'attribute_value'])
    .addForeignKeyConstraint('identity_links_user', ['pool_id', 'user_sub'], 'users', ['pool_id', 'sub'], (c) => c.onDelete('cascade'))
    .execute();
  await db.schema.createIndex('identity_links_user').on('identity_links').columns(['pool_id', 'user_sub']).execute();

  await db.schema
    .createTable('ui_customizations')
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    /** An app client id, or ALL for the pool's default. */
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('css', 'text')
    .addColumn('css_version', 'text', (c) => c.notNull())
    /** The logo, base64, with its media type, SHA-256 (hex) and byte size. */
    .addColumn('image_data', 'text')
    .addColumn('image_type', 'text')
    .addColumn('image_sha256', 'text')
    .addColumn('image_size', 'integer')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ui_customizations_pk', ['pool_id', 'client_id'])
    .execute();

  await db.schema
    .createTable('pool_settings')
    .addColumn('pool_id', 'text', (c) => c.notNull().references('user_pools.id').onDelete('cascade'))
    /** risk | log_delivery */
    .addColumn('kind', 'text', (c) => c.notNull())
    /** The app client the setting applies to, or '' for the pool. */
    .addColumn('client_id', 'text', (c) => c.notNull())
    /** The setting, JSON. */
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('pool_settings_pk', ['pool_id', 'kind', 'client_id'])
    .execute();

  await db.schema.alterTable('clients').addColumn('secrets', 'text').execute();
}
