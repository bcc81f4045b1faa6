import { CompiledQuery, sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { AuthSessionsTable, Database, DevicesTable, ImportJobsTable, RefreshTokensTable, UserMfaTable, UsersTable } from './schema.ts';
import type { ClientsTable, IdentityLinksTable, IdentityProvidersTable, UiCustomizationsTable } from './schema.ts';
import type { ClientSecretEntry, IdentityLinkRecord, IdentityProviderRecord, PoolSettingRecord, UiCustomizationRecord } from '../ports.ts';
import type { Dialect } from './dialect.ts';
import type { DomainRecord, HostedSessionRecord, OAuthCodeRecord, ResourceServerRecord, ResourceServerScope } from '../ports.ts';
import type { OAuthCodesTable, ResourceServersTable, UserPoolDomainsTable } from './schema.ts';
import {
  UniqueViolation,
  type AliasKind,
  type AuthSessionRecord,
  type ClientRecord,
  type CodeRecord,
  type DeviceRecord,
  type DeviceStatus,
  type GroupRecord,
  type ImportJobRecord,
  type ImportJobStatus,
  type ImportLogEntry,
  type MessageRecord,
  type MfaFactor,
  type PoolRecord,
  type RefreshTokenRecord,
  type SigningKeyRecord,
  type UniqueRule,
  type UserMfaRecord,
  type UserQuery,
  type UserRecord,
} from '../ports.ts';

type Db = Kysely<Database> | Transaction<Database>;

const UNIQUE_BY_CONSTRAINT: Record<string, UniqueRule> = {
  user_pools_pkey: 'pool',
  clients_pkey: 'client',
  users_username: 'username',
  users_sub: 'sub',
  users_email_alias: 'email_alias',
  users_phone_alias: 'phone_alias',
  users_preferred_username_alias: 'preferred_username_alias',
  groups_pk: 'group',
  group_members_pk: 'group_member',
  signing_keys_pkey: 'kid',
  identity_providers_pk: 'identity_provider',
  idp_identifiers_pk: 'idp_identifier',
  identity_links_pk: 'identity_link',
};

// SQLite names the columns, not the constraint: "UNIQUE constraint failed: users.pool_id, users.email_alias".
const UNIQUE_BY_SQLITE_COLUMNS: Record<string, UniqueRule> = {
  'user_pools.id': 'pool',
  'clients.id': 'client',
  'users.pool_id, users.username_key': 'username',
  'users.pool_id, users.sub': 'sub',
  'users.pool_id, users.email_alias': 'email_alias',
  'users.pool_id, users.phone_alias': 'phone_alias',
  'users.pool_id, users.preferred_username_alias': 'preferred_username_alias',
  'groups.pool_id, groups.name': 'group',
  'group_members.pool_id, group_members.group_name, group_members.user_sub': 'group_member',
  'signing_keys.kid': 'kid',
  'identity_providers.pool_id, identity_providers.name': 'identity_provider',
  'idp_identifiers.pool_id, idp_identifiers.identifier': 'idp_identifier',
  'identity_links.pool_id, identity_links.provider_name, identity_links.attribute_name, identity_links.attribute_value': 'identity_link',
};

function asUniqueViolation(err: unknown): UniqueViolation | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e.code === '23505') return new UniqueViolation(UNIQUE_BY_CONSTRAINT[String(e.constraint)] ?? 'other');
  if ((e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') && typeof e.message === 'string') {
    const cols = e.message.replace(/^UNIQUE constraint failed: /, '');
    return new UniqueViolation(UNIQUE_BY_SQLITE_COLUMNS[cols] ?? 'other');
  }
  return undefined;
}

async function mapUnique<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    throw asUniqueViolation(err) ?? err;
  }
}

function toUser(r: Selectable<UsersTable>): UserRecord {
  return {
    seq: r.seq,
    poolId: r.pool_id,
    sub: r.sub,
    username: r.username,
    usernameKey: r.username_key,
    status: r.status,
    enabled: r.enabled === 1,
    attributes: JSON.parse(r.attributes) as Record<string, string>,
    emailAlias: r.email_alias,
    phoneAlias: r.phone_alias,
    preferredUsernameAlias: r.preferred_username_alias,
    passwordSealed: r.password_sealed,
    tempPasswordExpiresAt: r.temp_password_expires_at,
    mfaOptions: r.mfa_options === null ? null : (JSON.parse(r.mfa_options) as unknown[]),
    tokensValidAfter: r.tokens_valid_after,
    failedAttempts: r.failed_attempts,
    lockedUntil: r.locked_until,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const lc = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v.toLowerCase());

function userRow(u: UserRecord): Omit<UsersTable, 'seq'> {
  return {
    pool_id: u.poolId,
    sub: u.sub,
    username: u.username,
    username_key: u.usernameKey,
    status: u.status,
    enabled: u.enabled ? 1 : 0,
    attributes: JSON.stringify(u.attributes),
    email_lc: lc(u.attributes['email']),
    phone_number_lc: lc(u.attributes['phone_number']),
    name_lc: lc(u.attributes['name']),
    given_name_lc: lc(u.attributes['given_name']),
    family_name_lc: lc(u.attributes['family_name']),
    preferred_username_lc: lc(u.attributes['preferred_username']),
    email_alias: u.emailAlias,
    phone_alias: u.phoneAlias,
    preferred_username_alias: u.preferredUsernameAlias,
    password_sealed: u.passwordSealed,
    temp_password_expires_at: u.tempPasswordExpiresAt,
    mfa_options: u.mfaOptions === null ? null : JSON.stringify(u.mfaOptions),
    tokens_valid_after: u.tokensValidAfter,
    failed_attempts: u.failedAttempts,
    locked_until: u.lockedUntil,
    created_at: u.createdAt,
    updated_at: u.updatedAt,
  };
}

const ALIAS_COLUMN = { email: 'email_alias', phone_number: 'phone_alias', preferred_username: 'preferred_username_alias' } as const;

/** A user as listings show it (ListUsers): without its secrets and sign-in bookkeeping. */
export type UserListing = Pick<UserRecord, 'seq' | 'poolId' | 'sub' | 'username' | 'usernameKey' | 'status' | 'enabled' | 'attributes' | 'mfaOptions' | 'createdAt' | 'updatedAt'>;
const USER_LISTING_COLUMNS = ['seq', 'pool_id', 'sub', 'username', 'username_key', 'status', 'enabled', 'attributes', 'mfa_options', 'created_at', 'updated_at'] as const;

/** The highest code point: `prefix + MAX` bounds a prefix range that an index can serve. */
const MAX_CHAR = '\u{10FFFF}';

function toRefreshToken(r: Selectable<RefreshTokensTable>): RefreshTokenRecord {
  return {
    tokenHash: r.token_hash,
    poolId: r.pool_id,
    clientId: r.client_id,
    userSub: r.user_sub,
    originJti: r.origin_jti,
    deviceKey: r.device_key,
    scopes: r.scopes,
    authTime: r.auth_time,
    expiresAt: r.expires_at,
    revokedAt: r.revoked_at,
    rotatedAt: r.rotated_at,
    createdAt: r.created_at,
  };
}

function toAuthSession(r: Selectable<AuthSessionsTable>): AuthSessionRecord {
  return {
    idHash: r.id_hash,
    poolId: r.pool_id,
    clientId: r.client_id,
    userSub: r.user_sub,
    step: r.step,
    data: JSON.parse(r.data) as Record<string, unknown>,
    expiresAt: r.expires_at,
    attempts: r.attempts,
    createdAt: r.created_at,
  };
}

// ---- mfa and devices: row mapping ----
function toUserMfa(r: Selectable<UserMfaTable>): UserMfaRecord {
  return {
    poolId: r.pool_id,
    userSub: r.user_sub,
    totpEnabled: r.totp_enabled === 1,
    emailEnabled: r.email_enabled === 1,
    preferred: r.preferred as MfaFactor | null,
    totpSecretSealed: r.totp_secret_sealed,
    totpPendingSealed: r.totp_pending_sealed,
    totpName: r.totp_name,
    totpLastStep: r.totp_last_step === null ? null : Number(r.totp_last_step),
    updatedAt: Number(r.updated_at),
  };
}

function toDevice(r: Selectable<DevicesTable>): DeviceRecord {
  return {
    deviceKey: r.device_key,
    poolId: r.pool_id,
    userSub: r.user_sub,
    deviceGroupKey: r.device_group_key,
    verifierSealed: r.verifier_sealed,
    name: r.name,
    status: r.status as DeviceStatus,
    attributes: JSON.parse(r.attributes) as Record<string, string>,
    lastIp: r.last_ip,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    lastAuthenticatedAt: Number(r.last_authenticated_at),
  };
}


// ---- oauth: row mapping ----
function domainRow(d: DomainRecord): UserPoolDomainsTable {
  return {
    domain: d.domain,
    pool_id: d.poolId,
    custom: d.custom ? 1 : 0,
    certificate_arn: d.certificateArn,
    managed_login_version: d.managedLoginVersion,
    version: d.version,
    created_at: d.createdAt,
    updated_at: d.updatedAt,
  };
}
function toDomain(r: Selectable<UserPoolDomainsTable>): DomainRecord {
  return {
    domain: r.domain,
    poolId: r.pool_id,
    custom: Number(r.custom) === 1,
    certificateArn: r.certificate_arn,
    managedLoginVersion: r.managed_login_version === null ? null : Number(r.managed_login_version),
    version: r.version,
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}
function resourceServerRow(rs: ResourceServerRecord): ResourceServersTable {
  return { pool_id: rs.poolId, identifier: rs.identifier, name: rs.name, scopes: JSON.stringify(rs.scopes), created_at: rs.createdAt, updated_at: rs.updatedAt };
}
function toResourceServer(r: Selectable<ResourceServersTable>): ResourceServerRecord {
  return { poolId: r.pool_id, identifier: r.identifier, name: r.name, scopes: JSON.parse(r.scopes) as ResourceServerScope[], createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) };
}
function toOAuthCode(r: Selectable<OAuthCodesTable>): OAuthCodeRecord {
  return {
    codeHash: r.code_hash,
    poolId: r.pool_id,
    clientId: r.client_id,
    userSub: r.user_sub,
    redirectUri: r.redirect_uri,
    scopes: r.scopes,
    codeChallenge: r.code_challenge,
    nonce: r.nonce,
    authTime: Number(r.auth_time),
    expiresAt: Number(r.expires_at),
    createdAt: Number(r.created_at),
  };
}

// ---- import jobs: row mapping ----
/** Parameters per multi-row INSERT: below SQLite's (32,766) and PostgreSQL's (65,535) limits (24 user columns → 1,250 rows). */
const MAX_BULK_PARAMETERS = 30_000;
/** Compiled multi-row INSERT … ON CONFLICT DO NOTHING RETURNING sub, by dialect and row count (pure text, safe to share). */
const BULK_INSERT_SQL = new Map<string, { sql: string; columns: Array<keyof Omit<UsersTable, 'seq'>> }>();

/** The writable members of an import job. */
export type ImportJobPatch = Partial<Omit<ImportJobRecord, 'jobId' | 'poolId'>>;

const IMPORT_JOB_COLUMNS = {
  jobName: 'job_name',
  status: 'status',
  cloudWatchLogsRoleArn: 'cloudwatch_logs_role_arn',
  createdAt: 'created_at',
  startedAt: 'started_at',
  completedAt: 'completed_at',
  importedUsers: 'imported_users',
  skippedUsers: 'skipped_users',
  failedUsers: 'failed_users',
  completionMessage: 'completion_message',
  filePath: 'file_path',
  uploadedAt: 'uploaded_at',
  uploadedBytes: 'uploaded_bytes',
  offsetBytes: 'offset_bytes',
  lineNumber: 'line_number',
  runnerId: 'runner_id',
  heartbeatAt: 'heartbeat_at',
  updatedAt: 'updated_at',
} as const satisfies Record<keyof ImportJobPatch, keyof ImportJobsTable>;

function importJobPatchRow(patch: ImportJobPatch): Partial<ImportJobsTable> {
  const row: Record<string, unknown> = {};
  for (const [k, col] of Object.entries(IMPORT_JOB_COLUMNS)) {
    const v = patch[k as keyof ImportJobPatch];
    if (v !== undefined) row[col] = v;
  }
  return row as Partial<ImportJobsTable>;
}

function importJobRow(j: ImportJobRecord): ImportJobsTable {
  return { job_id: j.jobId, pool_id: j.poolId, ...(importJobPatchRow(j) as Omit<ImportJobsTable, 'job_id' | 'pool_id'>) };
}

function toImportJob(r: Selectable<ImportJobsTable>): ImportJobRecord {
  return {
    jobId: r.job_id,
    poolId: r.pool_id,
    jobName: r.job_name,
    status: r.status as ImportJobStatus,
    cloudWatchLogsRoleArn: r.cloudwatch_logs_role_arn,
    createdAt: Number(r.created_at),
    startedAt: r.started_at === null ? null : Number(r.started_at),
    completedAt: r.completed_at === null ? null : Number(r.completed_at),
    importedUsers: Number(r.imported_users),
    skippedUsers: Number(r.skipped_users),
    failedUsers: Number(r.failed_users),
    completionMessage: r.completion_message,
    filePath: r.file_path,
    uploadedAt: r.uploaded_at === null ? null : Number(r.uploaded_at),
    uploadedBytes: r.uploaded_bytes === null ? null : Number(r.uploaded_bytes),
    offsetBytes: Number(r.offset_bytes),
    lineNumber: Number(r.line_number),
    runnerId: r.runner_id,
    heartbeatAt: r.heartbeat_at === null ? null : Number(r.heartbeat_at),
    updatedAt: Number(r.updated_at),
  };
}

// ---- config: row mapping ----
function toClient(r: Selectable<ClientsTable>): ClientRecord {
  const c: ClientRecord = { id: r.id, poolId: r.pool_id, name: r.name, secretSealed: r.secret_sealed, config: JSON.parse(r.config) as Record<string, unknown>, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) };
  if (r.secrets !== null && r.secrets !== undefined) c.secrets = JSON.parse(r.secrets) as ClientSecretEntry[];
  return c;
}
function toIdentityProvider(r: Selectable<IdentityProvidersTable>): IdentityProviderRecord {
  return {
    poolId: r.pool_id,
    name: r.name,
    type: r.type,
    detailsSealed: r.details_sealed,
    attributeMapping: JSON.parse(r.attribute_mapping) as Record<string, string>,
    idpIdentifiers: JSON.parse(r.idp_identifiers) as string[],
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}
function toIdentityLink(r: Selectable<IdentityLinksTable>): IdentityLinkRecord {
  return { poolId: r.pool_id, providerName: r.provider_name, attributeName: r.attribute_name, attributeValue: r.attribute_value, userSub: r.user_sub, createdAt: Number(r.created_at) };
}
function toUiCustomization(r: Selectable<UiCustomizationsTable>): UiCustomizationRecord {
  return {
    poolId: r.pool_id,
    clientId: r.client_id,
    css: r.css,
    cssVersion: r.css_version,
    imageData: r.image_data,
    imageType: r.image_type,
    imageSha256: r.image_sha256,
    imageSize: r.image_size === null ? null : Number(r.image_size),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
  };
}

// ---- performance: statements compiled once ----
/**
 * A hot statement compiled once per dialect: Kysely builds a query tree, freezes it and compiles
 * it on every call otherwise (a tenth of a cheap request's CPU for three point lookups). The
 * statement is built by the same Kysely code — one code path for SQLite and PostgreSQL — with
 * placeholder values, and `bind` maps a call's values to the compiled parameter order.
 */
interface Compiled {
  sql: string;
  bind(values: readonly unknown[]): unknown[];
}
const COMPILED = new Map<string, Compiled>();
const PLACEHOLDER = /^\u0000userpool-param-(\d+)\u0000$/;

function compiledOnce(dialect: Dialect, name: string, build: (p: (i: number) => string) => { compile(): CompiledQuery }): Compiled {
  const key = `${dialect}|${name}`;
  let c = COMPILED.get(key);
  if (c === undefined) {
    const q = build((i) => `\u0000userpool-param-${i}\u0000`).compile();
    const positions = q.parameters.map((v) => {
      const m = typeof v === 'string' ? PLACEHOLDER.exec(v) : null;
      if (m === null) throw new Error(`statement ${name}: every parameter must be a placeholder`);
      return Number(m[1]);
    });
    c = { sql: q.sql, bind: (values) => positions.map((i) => values[i]) };
    COMPILED.set(key, c);
  }
  return c;
}

// ---- performance: parsed pools, validated on every read ----
/** How many parsed pools one store keeps (each a few KiB). */
const POOL_CACHE_SIZE = 256;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The one storage implementation (Kysely over SQLite or PostgreSQL). */
export class SqlStore {
  readonly db: Db;
  readonly dialect: Dialect;
  /**
   * Pools already read and parsed, by id (shared with the store's transactions). Every
   * `findPool` still asks the database for the row's `updated_at` / `created_at` and uses the
   * cached copy only when both match: every pool write moves `updated_at` forward (the
   * compare-and-set in `modifyPool`), so a read never returns a pool older than the database's,
   * whichever node wrote it. What the cache saves is fetching and parsing the config JSON.
   * Cached records are deeply frozen: they are shared by concurrent requests.
   */
  private readonly pools: Map<string, PoolRecord>;
  constructor(db: Db, dialect: Dialect, pools: Map<string, PoolRecord> = new Map()) {
    this.db = db;
    this.dialect = dialect;
    this.pools = pools;
  }

  /** Runs `fn` in one transaction; everything it writes lands together or not at all. */
  async transaction<T>(fn: (tx: SqlStore) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return fn(this);
    return (this.db as Kysely<Database>).transaction().execute((trx) => fn(new SqlStore(trx, this.dialect, this.pools)));
  }

  // ---- user pools ----
  async insertPool(p: PoolRecord): Promise<void> {
    await mapUnique(this.db.insertInto('user_pools').values({ id: p.id, name: p.name, config: JSON.stringify(p.config), created_at: p.createdAt, updated_at: p.updatedAt }).execute());
  }
  async updatePool(p: PoolRecord): Promise<void> {
    await this.db.updateTable('user_pools').set({ name: p.name, config: JSON.stringify(p.config), updated_at: p.updatedAt }).where('id', '=', p.id).execute();
  }
  /** Runs a statement {@link compiledOnce}; its rows. */
  async #run<R>(name: string, build: (p: (i: number) => string) => { compile(): CompiledQuery }, values: readonly unknown[]): Promise<R[]> {
    const c = compiledOnce(this.dialect, name, build);
    return (await this.db.executeQuery<R>(CompiledQuery.raw(c.sql, c.bind(values)))).rows;
  }

  /** The pool (deeply frozen: build a new record to change it). */
  async findPool(id: string): Promise<PoolRecord | undefined> {
    const cached = this.pools.get(id);
    if (cached !== undefined) {
      const [v] = await this.#run<{ updated_at: number; created_at: number }>('pool version', (p) => this.db.selectFrom('user_pools').select(['updated_at', 'created_at']).where('id', '=', p(0)), [id]);
      if (v === undefined) {
        this.pools.delete(id);
        return undefined;
      }
      if (Number(v.updated_at) === cached.updatedAt && Number(v.created_at) === cached.createdAt) return cached;
    }
    const [r] = await this.#run<Selectable<Database['user_pools']>>('pool', (p) => this.db.selectFrom('user_pools').selectAll().where('id', '=', p(0)), [id]);
    if (r === undefined) return undefined;
    const pool = deepFreeze({ id: r.id, name: r.name, config: JSON.parse(r.config) as Record<string, unknown>, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) });
    // Only committed rows are kept: a transaction may still roll back what it read.
    if (this.db.isTransaction) return pool;
    this.pools.delete(id);
    if (this.pools.size >= POOL_CACHE_SIZE) {
      const oldest = this.pools.keys().next().value;
      if (oldest !== undefined) this.pools.delete(oldest);
    }
    this.pools.set(id, pool);
    return pool;
  }
  /** Pools in id order after `afterId`. */
  async listPools(afterId: string | undefined, limit: number): Promise<PoolRecord[]> {
    let q = this.db.selectFrom('user_pools').selectAll().orderBy('id').limit(limit);
    if (afterId !== undefined) q = q.where('id', '>', afterId);
    const rows = await q.execute();
    return rows.map((r) => ({ id: r.id, name: r.name, config: JSON.parse(r.config) as Record<string, unknown>, createdAt: r.created_at, updatedAt: r.updated_at }));
  }
  async deletePool(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('user_pools').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  // ---- pools area (ListUserPools, optimistic pool updates, import lock) ----
  /** Pools of one region (ids `<region>_…`) in id order after `afterId`. */
  async listPoolsInRegion(region: string, afterId: string | undefined, limit: number): Promise<PoolRecord[]> {
    const prefix = `${region}_`;
    let q = this.db.selectFrom('user_pools').selectAll().where(sql<string>`substr(id, 1, ${prefix.length})`, '=', prefix).orderBy('id').limit(limit);
    if (afterId !== undefined) q = q.where('id', '>', afterId);
    const rows = await q.execute();
    return rows.map((r) => ({ id: r.id, name: r.name, config: JSON.parse(r.config) as Record<string, unknown>, createdAt: r.created_at, updatedAt: r.updated_at }));
  }
  /**
   * Writes the pool only if it still has `expectedUpdatedAt` (compare-and-set: a concurrent
   * update on another node makes this return false, and the caller re-reads and retries).
   */
  async updatePoolIfUnchanged(p: PoolRecord, expectedUpdatedAt: number): Promise<boolean> {
    const r = await this.db.updateTable('user_pools').set({ name: p.name, config: JSON.stringify(p.config), updated_at: p.updatedAt }).where('id', '=', p.id).where('updated_at', '=', expectedUpdatedAt).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
  /** Whether a user import job of the pool is running (Pending, InProgress or Stopping). */
  async hasImportInProgress(poolId: string): Promise<boolean> {
    const r = await this.db.selectFrom('import_jobs').select('job_id').where('pool_id', '=', poolId).where('status', 'in', ['Pending', 'InProgress', 'Stopping']).limit(1).executeTakeFirst();
    return r !== undefined;
  }

  // ---- app clients ----
  async insertClient(c: ClientRecord): Promise<void> {
    await mapUnique(this.db.insertInto('clients').values({ id: c.id, pool_id: c.poolId, name: c.name, secret_sealed: c.secretSealed, config: JSON.stringify(c.config), created_at: c.createdAt, updated_at: c.updatedAt }).execute());
  }
  async updateClient(c: ClientRecord): Promise<void> {
    await this.db.updateTable('clients').set({ name: c.name, secret_sealed: c.secretSealed, config: JSON.stringify(c.config), updated_at: c.updatedAt }).where('id', '=', c.id).where('pool_id', '=', c.poolId).execute();
  }
  async findClient(poolId: string, id: string): Promise<ClientRecord | undefined> {
    const [r] = await this.#run<Selectable<Database['clients']>>('client', (p) => this.db.selectFrom('clients').selectAll().where('id', '=', p(0)).where('pool_id', '=', p(1)), [id, poolId]);
    return r && toClient(r);
  }
  /** A client by id alone (public operations name only the ClientId). */
  async findClientById(id: string): Promise<ClientRecord | undefined> {
    const [r] = await this.#run<Selectable<Database['clients']>>('client by id', (p) => this.db.selectFrom('clients').selectAll().where('id', '=', p(0)), [id]);
    return r && toClient(r);
  }
  async listClients(poolId: string, afterId: string | undefined, limit: number): Promise<ClientRecord[]> {
    let q = this.db.selectFrom('clients').selectAll().where('pool_id', '=', poolId).orderBy('id').limit(limit);
    if (afterId !== undefined) q = q.where('id', '>', afterId);
    const rows = await q.execute();
    return rows.map(toClient);
  }
  async deleteClient(poolId: string, id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('clients').where('id', '=', id).where('pool_id', '=', poolId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  // ---- users ----
  async insertUser(u: UserRecord): Promise<void> {
    await mapUnique(this.db.insertInto('users').values(userRow(u)).execute());
  }
  /**
   * Writes every column of an existing user (by pool + sub): afterwards the row is `u`. Only the
   * columns whose stored value differs are sent (the row is read first, locked on PostgreSQL, in
   * one transaction): an UPDATE naming a column rewrites every index on it, and the users table
   * has thirteen — setting all columns cost ~4× an UPDATE of the three an attribute change touches.
   */
  async updateUser(u: UserRecord): Promise<void> {
    const row = userRow(u);
    await this.transaction(async (tx) => {
      let read = tx.db.selectFrom('users').selectAll().where('pool_id', '=', u.poolId).where('sub', '=', u.sub);
      if (tx.dialect === 'postgres') read = read.forUpdate();
      const current = await read.executeTakeFirst();
      if (current === undefined) return; // no such user: the UPDATE would change nothing
      const changed: Partial<Omit<UsersTable, 'seq'>> = {};
      for (const key of Object.keys(row) as Array<keyof typeof row>) {
        if (row[key] !== current[key]) (changed as Record<string, unknown>)[key] = row[key];
      }
      if (Object.keys(changed).length === 0) return;
      await mapUnique(tx.db.updateTable('users').set(changed).where('pool_id', '=', u.poolId).where('sub', '=', u.sub).execute());
    });
  }
  async findUserByUsernameKey(poolId: string, key: string): Promise<UserRecord | undefined> {
    const [r] = await this.#run<Selectable<UsersTable>>('user by username', (p) => this.db.selectFrom('users').selectAll().where('pool_id', '=', p(0)).where('username_key', '=', p(1)), [poolId, key]);
    return r && toUser(r);
  }
  async findUserBySub(poolId: string, sub: string): Promise<UserRecord | undefined> {
    const [r] = await this.#run<Selectable<UsersTable>>('user by sub', (p) => this.db.selectFrom('users').selectAll().where('pool_id', '=', p(0)).where('sub', '=', p(1)), [poolId, sub]);
    return r && toUser(r);
  }
  async findUserByAlias(poolId: string, kind: AliasKind, value: string): Promise<UserRecord | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('pool_id', '=', poolId).where(ALIAS_COLUMN[kind], '=', value).executeTakeFirst();
    return r && toUser(r);
  }
  async deleteUser(poolId: string, sub: string): Promise<boolean> {
    const r = await this.db.deleteFrom('users').where('pool_id', '=', poolId).where('sub', '=', sub).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  async countUsers(poolId: string): Promise<number> {
    const r = await this.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).where('pool_id', '=', poolId).executeTakeFirstOrThrow();
    return Number(r.n);
  }
  /**
   * One page of users in index order: by (filtered column, seq) when filtered, else by seq.
   * Keyset paging, so users added or removed between pages never make a page repeat or skip one.
   */
  async listUsers(poolId: string, q: UserQuery): Promise<UserRecord[]> {
    const rows = await this.#userPage(poolId, q).selectAll().execute();
    return rows.map(toUser);
  }
  /**
   * {@link listUsers} with only what a listing shows (ListUsers): no sealed password and no
   * sign-in bookkeeping — the sealed password alone was half of the bytes SQLite handed over.
   */
  async listUserListings(poolId: string, q: UserQuery): Promise<UserListing[]> {
    const rows = await this.#userPage(poolId, q).select(USER_LISTING_COLUMNS).execute();
    return rows.map((r) => ({
      seq: r.seq,
      poolId: r.pool_id,
      sub: r.sub,
      username: r.username,
      usernameKey: r.username_key,
      status: r.status,
      enabled: r.enabled === 1,
      attributes: JSON.parse(r.attributes) as Record<string, string>,
      mfaOptions: r.mfa_options === null ? null : (JSON.parse(r.mfa_options) as unknown[]),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    }));
  }
  #userPage(poolId: string, q: UserQuery) {
    let query = this.db.selectFrom('users').where('pool_id', '=', poolId);
    const col = q.column;
    if (col !== undefined && q.value !== undefined) {
      if (q.op === 'startsWith' && typeof q.value === 'string') {
        query = query.where(col, '>=', q.value).where(col, '<', q.value + MAX_CHAR);
      } else {
        query = query.where(col, '=', q.value);
      }
      const after = q.after;
      if (after !== undefined && after.value !== undefined) {
        const av = after.value;
        query = query.where((eb) => eb.or([eb(col, '>', av), eb.and([eb(col, '=', av), eb('seq', '>', after.seq)])]));
      }
      query = query.orderBy(col).orderBy('seq');
    } else {
      if (q.after !== undefined) query = query.where('seq', '>', q.after.seq);
      query = query.orderBy('seq');
    }
    return query.limit(q.limit);
  }
  async findUsersBySubs(poolId: string, subs: string[]): Promise<UserRecord[]> {
    if (subs.length === 0) return [];
    const rows = await this.db.selectFrom('users').selectAll().where('pool_id', '=', poolId).where('sub', 'in', subs).execute();
    return rows.map(toUser);
  }

  // ---- groups ----
  async insertGroup(g: GroupRecord): Promise<void> {
    await mapUnique(this.db.insertInto('groups').values({ pool_id: g.poolId, name: g.name, description: g.description, role_arn: g.roleArn, precedence: g.precedence, created_at: g.createdAt, updated_at: g.updatedAt }).execute());
  }
  async updateGroup(g: GroupRecord): Promise<void> {
    await this.db.updateTable('groups').set({ description: g.description, role_arn: g.roleArn, precedence: g.precedence, updated_at: g.updatedAt }).where('pool_id', '=', g.poolId).where('name', '=', g.name).execute();
  }
  async findGroup(poolId: string, name: string): Promise<GroupRecord | undefined> {
    const r = await this.db.selectFrom('groups').selectAll().where('pool_id', '=', poolId).where('name', '=', name).executeTakeFirst();
    return r && { poolId: r.pool_id, name: r.name, description: r.description, roleArn: r.role_arn, precedence: r.precedence, createdAt: r.created_at, updatedAt: r.updated_at };
  }
  async listGroups(poolId: string, afterName: string | undefined, limit: number): Promise<GroupRecord[]> {
    let q = this.db.selectFrom('groups').selectAll().where('pool_id', '=', poolId).orderBy('name').limit(limit);
    if (afterName !== undefined) q = q.where('name', '>', afterName);
    const rows = await q.execute();
    return rows.map((r) => ({ poolId: r.pool_id, name: r.name, description: r.description, roleArn: r.role_arn, precedence: r.precedence, createdAt: r.created_at, updatedAt: r.updated_at }));
  }
  async deleteGroup(poolId: string, name: string): Promise<boolean> {
    const r = await this.db.deleteFrom('groups').where('pool_id', '=', poolId).where('name', '=', name).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  /** Idempotent: adding an existing member changes nothing. */
  async addGroupMember(poolId: string, groupName: string, userSub: string): Promise<void> {
    await this.db.insertInto('group_members').values({ pool_id: poolId, group_name: groupName, user_sub: userSub }).onConflict((oc) => oc.doNothing()).execute();
  }
  async removeGroupMember(poolId: string, groupName: string, userSub: string): Promise<void> {
    await this.db.deleteFrom('group_members').where('pool_id', '=', poolId).where('group_name', '=', groupName).where('user_sub', '=', userSub).execute();
  }
  /** Groups of a user, by name, after `afterName`. */
  async listGroupsOfUser(poolId: string, userSub: string, afterName: string | undefined, limit: number): Promise<GroupRecord[]> {
    let q = this.db
      .selectFrom('group_members as m')
      .innerJoin('groups as g', (j) => j.onRef('g.pool_id', '=', 'm.pool_id').onRef('g.name', '=', 'm.group_name'))
      .selectAll('g')
      .where('m.pool_id', '=', poolId)
      .where('m.user_sub', '=', userSub)
      .orderBy('g.name')
      .limit(limit);
    if (afterName !== undefined) q = q.where('g.name', '>', afterName);
    const rows = await q.execute();
    return rows.map((r) => ({ poolId: r.pool_id, name: r.name, description: r.description, roleArn: r.role_arn, precedence: r.precedence, createdAt: r.created_at, updatedAt: r.updated_at }));
  }
  /** Members of a group in user creation order, after user row `afterSeq`. */
  async listUsersInGroup(poolId: string, groupName: string, afterSeq: number | undefined, limit: number): Promise<UserRecord[]> {
    let q = this.db
      .selectFrom('group_members as m')
      .innerJoin('users as u', (j) => j.onRef('u.pool_id', '=', 'm.pool_id').onRef('u.sub', '=', 'm.user_sub'))
      .selectAll('u')
      .where('m.pool_id', '=', poolId)
      .where('m.group_name', '=', groupName)
      .orderBy('u.seq')
      .limit(limit);
    if (afterSeq !== undefined) q = q.where('u.seq', '>', afterSeq);
    const rows = await q.execute();
    return rows.map(toUser);
  }

  // ---- signing keys ----
  async insertSigningKey(k: SigningKeyRecord): Promise<void> {
    await mapUnique(this.db.insertInto('signing_keys').values({ kid: k.kid, pool_id: k.poolId, private_sealed: k.privateSealed, public_jwk: JSON.stringify(k.publicJwk), active: k.active ? 1 : 0, created_at: k.createdAt }).execute());
  }
  async listSigningKeys(poolId: string): Promise<SigningKeyRecord[]> {
    const rows = await this.db.selectFrom('signing_keys').selectAll().where('pool_id', '=', poolId).orderBy('created_at').execute();
    return rows.map((r) => ({ kid: r.kid, poolId: r.pool_id, privateSealed: r.private_sealed, publicJwk: JSON.parse(r.public_jwk) as Record<string, unknown>, active: r.active === 1, createdAt: r.created_at }));
  }
  async setActiveSigningKey(poolId: string, kid: string): Promise<void> {
    await this.db.updateTable('signing_keys').set({ active: sql<number>`case when kid = ${kid} then 1 else 0 end` }).where('pool_id', '=', poolId).execute();
  }

  // ---- auth (refresh tokens, challenge sessions, sign-in failures) ----
  async insertRefreshToken(t: RefreshTokenRecord): Promise<void> {
    await this.db
      .insertInto('refresh_tokens')
      .values({
        token_hash: t.tokenHash,
        pool_id: t.poolId,
        client_id: t.clientId,
        user_sub: t.userSub,
        origin_jti: t.originJti,
        device_key: t.deviceKey,
        scopes: t.scopes,
        auth_time: t.authTime,
        expires_at: t.expiresAt,
        revoked_at: t.revokedAt,
        rotated_at: t.rotatedAt,
        created_at: t.createdAt,
      })
      .execute();
  }
  async findRefreshToken(tokenHash: string): Promise<RefreshTokenRecord | undefined> {
    const r = await this.db.selectFrom('refresh_tokens').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return r && toRefreshToken(r);
  }
  /** Revokes every refresh token of one family (RevokeToken); returns how many were live. */
  async revokeRefreshFamily(poolId: string, originJti: string, now: number): Promise<number> {
    const r = await this.db.updateTable('refresh_tokens').set({ revoked_at: now }).where('pool_id', '=', poolId).where('origin_jti', '=', originJti).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
  /** Revokes every refresh token of a user (global sign-out). */
  async revokeUserRefreshTokens(poolId: string, userSub: string, now: number): Promise<number> {
    const r = await this.db.updateTable('refresh_tokens').set({ revoked_at: now }).where('pool_id', '=', poolId).where('user_sub', '=', userSub).where('revoked_at', 'is', null).executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
  /**
   * A token family's state for access-token checks: whether it was revoked (access tokens carrying
   * that origin_jti are dead) and when it began (the original sign-in, epoch ms); undefined when no
   * refresh token of the family is stored.
   */
  async refreshFamilyState(originJti: string): Promise<{ revoked: boolean; createdAt: number } | undefined> {
    const r = await this.db
      .selectFrom('refresh_tokens')
      .select((eb) => [eb.fn.min<number>('created_at').as('created_at'), eb.fn.count<number>('revoked_at').as('revoked')])
      .where('origin_jti', '=', originJti)
      .executeTakeFirst();
    if (r === undefined || r.created_at === null || r.created_at === undefined) return undefined;
    return { revoked: Number(r.revoked) > 0, createdAt: Number(r.created_at) };
  }
  /** Rotation: marks the token replaced and ends its life at `expiresAt` (the grace period) unless it ends sooner. */
  async retireRefreshToken(tokenHash: string, rotatedAt: number, expiresAt: number): Promise<void> {
    await this.db
      .updateTable('refresh_tokens')
      .set({ rotated_at: rotatedAt, expires_at: sql<number>`case when expires_at > ${expiresAt} then ${expiresAt} else expires_at end` })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  async setUserTokensValidAfter(poolId: string, userSub: string, at: number): Promise<void> {
    await this.db.updateTable('users').set({ tokens_valid_after: at }).where('pool_id', '=', poolId).where('sub', '=', userSub).execute();
  }
  /** Sign-in failure bookkeeping only (never rewrites the rest of the user). */
  async setSignInFailures(poolId: string, userSub: string, failedAttempts: number, lockedUntil: number): Promise<void> {
    await this.db.updateTable('users').set({ failed_attempts: failedAttempts, locked_until: lockedUntil }).where('pool_id', '=', poolId).where('sub', '=', userSub).execute();
  }
  /** Sets the failure count only if it still is `expected` (atomic: one conditional UPDATE); whether it did. */
  async compareAndSetSignInFailures(
    poolId: string,
    userSub: string,
    expected: { failedAttempts: number; lockedUntil: number },
    next: { failedAttempts: number; lockedUntil: number },
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('users')
      .set({ failed_attempts: next.failedAttempts, locked_until: next.lockedUntil })
      .where('pool_id', '=', poolId)
      .where('sub', '=', userSub)
      .where('failed_attempts', '=', expected.failedAttempts)
      .where('locked_until', '=', expected.lockedUntil)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }
  async insertAuthSession(a: AuthSessionRecord): Promise<void> {
    await this.db
      .insertInto('auth_sessions')
      .values({
        id_hash: a.idHash,
        pool_id: a.poolId,
        client_id: a.clientId,
        user_sub: a.userSub,
        step: a.step,
        data: JSON.stringify(a.data),
        expires_at: a.expiresAt,
        attempts: a.attempts,
        created_at: a.createdAt,
      })
      .execute();
  }
  async findAuthSession(idHash: string): Promise<AuthSessionRecord | undefined> {
    const r = await this.db.selectFrom('auth_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
    return r && toAuthSession(r);
  }
  /** Deletes and returns the session: exactly one caller can consume it. */
  async consumeAuthSession(idHash: string): Promise<AuthSessionRecord | undefined> {
    const r = await this.db.deleteFrom('auth_sessions').where('id_hash', '=', idHash).returningAll().executeTakeFirst();
    return r && toAuthSession(r);
  }
  /** Counts a failed answer; returns the new count (0 when the session is gone). */
  async bumpAuthSessionAttempts(idHash: string): Promise<number> {
    const r = await this.db.updateTable('auth_sessions').set((eb) => ({ attempts: eb('attempts', '+', 1) })).where('id_hash', '=', idHash).returning('attempts').executeTakeFirst();
    return r?.attempts ?? 0;
  }
  /** Housekeeping: drops expired sessions and refresh tokens that expired before `before`. */
  async purgeExpiredAuthState(now: number, refreshBefore: number): Promise<void> {
    await this.db.deleteFrom('auth_sessions').where('expires_at', '<', now).execute();
    await this.db.deleteFrom('refresh_tokens').where('expires_at', '<', refreshBefore).execute();
  }

  // ---- messaging (outbox, one-time codes) ----
  async insertMessage(m: MessageRecord): Promise<void> {
    await this.db
      .insertInto('messages')
      .values({ pool_id: m.poolId, username: m.username, channel: m.channel, destination: m.destination, kind: m.kind, code: m.code, subject: m.subject, body: m.body, created_at: m.createdAt })
      .execute();
  }
  /** Messages of a pool (optionally of one user), newest first. */
  async listMessages(poolId: string, username: string | undefined, limit: number): Promise<MessageRecord[]> {
    let q = this.db.selectFrom('messages').selectAll().where('pool_id', '=', poolId);
    if (username !== undefined) q = q.where('username', '=', username);
    const rows = await q.orderBy('id', 'desc').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      poolId: r.pool_id,
      username: r.username,
      channel: r.channel as MessageRecord['channel'],
      destination: r.destination,
      kind: r.kind,
      code: r.code,
      subject: r.subject,
      body: r.body,
      createdAt: r.created_at,
    }));
  }
  /** Stores a user's code for a purpose, replacing any earlier one (its attempt count restarts). */
  /**
   * Counts one more event of `kind` for the user, atomically (one upsert … RETURNING): the count
   * restarts at 1 when the window that began at `window_start` has passed. Returns the new count.
   */
  async bumpAttemptCounter(poolId: string, userSub: string, kind: string, now: number, windowMs: number): Promise<number> {
    const expired = sql<boolean>`attempt_counters.window_start + ${windowMs} <= ${now}`;
    const row = await this.db
      .insertInto('attempt_counters')
      .values({ pool_id: poolId, user_sub: userSub, kind, count: 1, window_start: now })
      .onConflict((oc) =>
        oc.columns(['pool_id', 'user_sub', 'kind']).doUpdateSet({
          count: sql<number>`case when ${expired} then 1 else attempt_counters.count + 1 end`,
          window_start: sql<number>`case when ${expired} then ${now} else attempt_counters.window_start end`,
        }),
      )
      .returning('count')
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
  async clearAttemptCounter(poolId: string, userSub: string, kind: string): Promise<void> {
    await this.db.deleteFrom('attempt_counters').where('pool_id', '=', poolId).where('user_sub', '=', userSub).where('kind', '=', kind).execute();
  }
  async putCode(c: CodeRecord): Promise<void> {
    await this.db
      .insertInto('codes')
      .values({ pool_id: c.poolId, user_sub: c.userSub, purpose: c.purpose, code_hash: c.codeHash, expires_at: c.expiresAt, attempts: c.attempts, created_at: c.createdAt })
      .onConflict((oc) => oc.columns(['pool_id', 'user_sub', 'purpose']).doUpdateSet({ code_hash: c.codeHash, expires_at: c.expiresAt, attempts: c.attempts, created_at: c.createdAt }))
      .execute();
  }
  /**
   * Consumes the code if it matches, is unexpired and has attempts left: one DELETE … RETURNING,
   * so of two concurrent callers with the right code exactly one succeeds.
   */
  async takeCode(poolId: string, userSub: string, purpose: string, codeHash: string, now: number, maxAttempts: number): Promise<boolean> {
    const r = await this.db
      .deleteFrom('codes')
      .where('pool_id', '=', poolId)
      .where('user_sub', '=', userSub)
      .where('purpose', '=', purpose)
      .where('code_hash', '=', codeHash)
      .where('expires_at', '>', now)
      .where('attempts', '<', maxAttempts)
      .returning('purpose')
      .executeTakeFirst();
    return r !== undefined;
  }
  /** Counts a wrong guess; the code's state afterwards, or undefined when there is no code. */
  async recordCodeFailure(poolId: string, userSub: string, purpose: string): Promise<{ attempts: number; expiresAt: number } | undefined> {
    const r = await this.db
      .updateTable('codes')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('pool_id', '=', poolId)
      .where('user_sub', '=', userSub)
      .where('purpose', '=', purpose)
      .returning(['attempts', 'expires_at'])
      .executeTakeFirst();
    return r && { attempts: r.attempts, expiresAt: r.expires_at };
  }
  async deleteCode(poolId: string, userSub: string, purpose: string): Promise<void> {
    await this.db.deleteFrom('codes').where('pool_id', '=', poolId).where('user_sub', '=', userSub).where('purpose', '=', purpose).execute();
  }
  /** Housekeeping: drops outbox messages created before `before`. */
  /** Housekeeping: drops guess/issue counters whose window started before `before` (expired). */
  async purgeAttemptCounters(before: number): Promise<void> {
    await this.db.deleteFrom('attempt_counters').where('window_start', '<', before).execute();
  }
  async purgeMessages(before: number): Promise<void> {
    await this.db.deleteFrom('messages').where('created_at', '<', before).execute();
  }
  /** Housekeeping: drops codes that expired before `now`. */
  async purgeExpiredCodes(now: number): Promise<void> {
    await this.db.deleteFrom('codes').where('expires_at', '<', now).execute();
  }

  // ---- mfa and devices ----
  async findUserMfa(poolId: string, userSub: string): Promise<UserMfaRecord | undefined> {
    const [r] = await this.#run<Selectable<UserMfaTable>>('user mfa', (p) => this.db.selectFrom('user_mfa').selectAll().where('pool_id', '=', p(0)).where('user_sub', '=', p(1)), [poolId, userSub]);
    return r && toUserMfa(r);
  }
  /** SetUserMFAPreference: the TOTP / email switches and the preferred method (row created when missing). */
  async saveMfaPreferences(poolId: string, userSub: string, p: { totpEnabled: boolean; emailEnabled: boolean; preferred: MfaFactor | null }, now: number): Promise<void> {
    const set = { totp_enabled: p.totpEnabled ? 1 : 0, email_enabled: p.emailEnabled ? 1 : 0, preferred: p.preferred, updated_at: now };
    await this.db
      .insertInto('user_mfa')
      .values({ pool_id: poolId, user_sub: userSub, ...set, totp_secret_sealed: null, totp_pending_sealed: null, totp_name: null, totp_last_step: null })
      .onConflict((oc) => oc.columns(['pool_id', 'user_sub']).doUpdateSet(set))
      .execute();
  }
  /** AssociateSoftwareToken: a new pending TOTP secret (replacing any earlier pending one). */
  async setTotpPending(poolId: string, userSub: string, pendingSealed: string, now: number): Promise<void> {
    await this.db
      .insertInto('user_mfa')
      .values({ pool_id: poolId, user_sub: userSub, totp_enabled: 0, email_enabled: 0, preferred: null, totp_secret_sealed: null, totp_pending_sealed: pendingSealed, totp_name: null, totp_last_step: null, updated_at: now })
      .onConflict((oc) => oc.columns(['pool_id', 'user_sub']).doUpdateSet({ totp_pending_sealed: pendingSealed, updated_at: now }))
      .execute();
  }
  /**
   * VerifySoftwareToken: the pending secret (still `pendingSealed`) becomes the verified one and
   * `step` is used up, atomically; false when another request changed the pending secret or used
   * the step first. With `enable`, TOTP MFA is also switched on (preferred unless another is).
   */
  async activateTotp(poolId: string, userSub: string, pendingSealed: string, step: number, name: string | null, now: number, enable: boolean): Promise<boolean> {
    const r = await this.db
      .updateTable('user_mfa')
      .set((eb) => ({
        totp_secret_sealed: pendingSealed,
        totp_pending_sealed: null,
        totp_name: name,
        totp_last_step: step,
        updated_at: now,
        ...(enable ? { totp_enabled: 1, preferred: eb.fn.coalesce('preferred', sql<string>`${'SOFTWARE_TOKEN_MFA'}`) } : {}),
      }))
      .where('pool_id', '=', poolId)
      .where('user_sub', '=', userSub)
      .where('totp_pending_sealed', '=', pendingSealed)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
  /** Uses up a TOTP time step of the verified secret `secretSealed`; false when it (or a later one) was used already. */
  async useTotpStep(poolId: string, userSub: string, secretSealed: string, step: number): Promise<boolean> {
    const r = await this.db
      .updateTable('user_mfa')
      .set({ totp_last_step: step })
      .where('pool_id', '=', poolId)
      .where('user_sub', '=', userSub)
      .where('totp_secret_sealed', '=', secretSealed)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
  /** The legacy MFAOptions (SMS MFA) of a user, without rewriting the rest of the row. */
  async setUserMfaOptions(poolId: string, userSub: string, options: unknown[] | null, now: number): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ mfa_options: options === null ? null : JSON.stringify(options), updated_at: now })
      .where('pool_id', '=', poolId)
      .where('sub', '=', userSub)
      .execute();
  }
  /** Marks a session used up without deleting it (answers then read `session is expired`). */
  async expireAuthSession(idHash: string, now: number): Promise<void> {
    await this.db.updateTable('auth_sessions').set({ expires_at: now }).where('id_hash', '=', idHash).execute();
  }
  async insertDevice(d: DeviceRecord): Promise<void> {
    await mapUnique(
      this.db
        .insertInto('devices')
        .values({
          device_key: d.deviceKey,
          pool_id: d.poolId,
          user_sub: d.userSub,
          device_group_key: d.deviceGroupKey,
          verifier_sealed: d.verifierSealed,
          name: d.name,
          status: d.status,
          attributes: JSON.stringify(d.attributes),
          last_ip: d.lastIp,
          created_at: d.createdAt,
          updated_at: d.updatedAt,
          last_authenticated_at: d.lastAuthenticatedAt,
        })
        .execute(),
    );
  }
  async findDevice(deviceKey: string): Promise<DeviceRecord | undefined> {
    const r = await this.db.selectFrom('devices').selectAll().where('device_key', '=', deviceKey).executeTakeFirst();
    return r && toDevice(r);
  }
  /** A user's devices (forgotten ones excluded) in creation order, after the keyset cursor. */
  async listDevices(poolId: string, userSub: string, after: { createdAt: number; deviceKey: string } | undefined, limit: number): Promise<DeviceRecord[]> {
    let q = this.db.selectFrom('devices').selectAll().where('pool_id', '=', poolId).where('user_sub', '=', userSub).where('status', '!=', 'forgotten');
    if (after !== undefined) {
      q = q.where((eb) => eb.or([eb('created_at', '>', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('device_key', '>', after.deviceKey)])]));
    }
    const rows = await q.orderBy('created_at').orderBy('device_key').limit(limit).execute();
    return rows.map(toDevice);
  }
  /** Changes a live (not forgotten) device; false when there is none. */
  async updateDevice(deviceKey: string, patch: { status?: DeviceStatus; lastIp?: string | null; lastAuthenticatedAt?: number; updatedAt?: number; verifierSealed?: string | null }): Promise<boolean> {
    const set: Partial<DevicesTable> = {};
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.lastIp !== undefined) set.last_ip = patch.lastIp;
    if (patch.lastAuthenticatedAt !== undefined) set.last_authenticated_at = patch.lastAuthenticatedAt;
    if (patch.updatedAt !== undefined) set.updated_at = patch.updatedAt;
    if (patch.verifierSealed !== undefined) set.verifier_sealed = patch.verifierSealed;
    const r = await this.db.updateTable('devices').set(set).where('device_key', '=', deviceKey).where('status', '!=', 'forgotten').executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  // ---- config (identity providers, federation links, UI customization, pool settings, client secrets) ----
  /** A provider and its IdpIdentifiers (call inside a transaction: two tables). */
  async insertIdentityProvider(p: IdentityProviderRecord): Promise<void> {
    await mapUnique(
      this.db
        .insertInto('identity_providers')
        .values({ pool_id: p.poolId, name: p.name, type: p.type, details_sealed: p.detailsSealed, attribute_mapping: JSON.stringify(p.attributeMapping), idp_identifiers: JSON.stringify(p.idpIdentifiers), created_at: p.createdAt, updated_at: p.updatedAt })
        .execute(),
    );
    if (p.idpIdentifiers.length > 0) {
      await mapUnique(this.db.insertInto('idp_identifiers').values(p.idpIdentifiers.map((identifier) => ({ pool_id: p.poolId, identifier, provider_name: p.name }))).execute());
    }
  }
  /** Rewrites a provider and replaces its IdpIdentifiers (call inside a transaction); false when it is gone. */
  async updateIdentityProvider(p: IdentityProviderRecord): Promise<boolean> {
    const r = await this.db
      .updateTable('identity_providers')
      .set({ details_sealed: p.detailsSealed, attribute_mapping: JSON.stringify(p.attributeMapping), idp_identifiers: JSON.stringify(p.idpIdentifiers), updated_at: p.updatedAt })
      .where('pool_id', '=', p.poolId)
      .where('name', '=', p.name)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    await this.db.deleteFrom('idp_identifiers').where('pool_id', '=', p.poolId).where('provider_name', '=', p.name).execute();
    if (p.idpIdentifiers.length > 0) {
      await mapUnique(this.db.insertInto('idp_identifiers').values(p.idpIdentifiers.map((identifier) => ({ pool_id: p.poolId, identifier, provider_name: p.name }))).execute());
    }
    return true;
  }
  async findIdentityProvider(poolId: string, name: string): Promise<IdentityProviderRecord | undefined> {
    const r = await this.db.selectFrom('identity_providers').selectAll().where('pool_id', '=', poolId).where('name', '=', name).executeTakeFirst();
    return r && toIdentityProvider(r);
  }
  async findIdentityProviderByIdentifier(poolId: string, identifier: string): Promise<IdentityProviderRecord | undefined> {
    const r = await this.db
      .selectFrom('idp_identifiers as i')
      .innerJoin('identity_providers as p', (j) => j.onRef('p.pool_id', '=', 'i.pool_id').onRef('p.name', '=', 'i.provider_name'))
      .selectAll('p')
      .where('i.pool_id', '=', poolId)
      .where('i.identifier', '=', identifier)
      .executeTakeFirst();
    return r && toIdentityProvider(r);
  }
  /** Providers in name order after `afterName`. */
  async listIdentityProviders(poolId: string, afterName: string | undefined, limit: number): Promise<IdentityProviderRecord[]> {
    let q = this.db.selectFrom('identity_providers').selectAll().where('pool_id', '=', poolId).orderBy('name').limit(limit);
    if (afterName !== undefined) q = q.where('name', '>', afterName);
    return (await q.execute()).map(toIdentityProvider);
  }
  async listIdentityProviderNames(poolId: string): Promise<string[]> {
    const rows = await this.db.selectFrom('identity_providers').select('name').where('pool_id', '=', poolId).orderBy('name').execute();
    return rows.map((r) => r.name);
  }
  async countIdentityProviders(poolId: string): Promise<number> {
    const r = await this.db.selectFrom('identity_providers').select((eb) => eb.fn.countAll<number>().as('n')).where('pool_id', '=', poolId).executeTakeFirst();
    return Number(r?.n ?? 0);
  }
  async deleteIdentityProvider(poolId: string, name: string): Promise<boolean> {
    const r = await this.db.deleteFrom('identity_providers').where('pool_id', '=', poolId).where('name', '=', name).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  /** The user, its row locked until the transaction ends (PostgreSQL; SQLite transactions are serialised). */
  async findUserBySubForUpdate(poolId: string, sub: string): Promise<UserRecord | undefined> {
    let q = this.db.selectFrom('users').selectAll().where('pool_id', '=', poolId).where('sub', '=', sub);
    if (this.dialect === 'postgres') q = q.forUpdate();
    const r = await q.executeTakeFirst();
    return r && toUser(r);
  }
  async insertIdentityLink(l: IdentityLinkRecord): Promise<void> {
    await mapUnique(
      this.db
        .insertInto('identity_links')
        .values({ pool_id: l.poolId, provider_name: l.providerName, attribute_name: l.attributeName, attribute_value: l.attributeValue, user_sub: l.userSub, created_at: l.createdAt })
        .execute(),
    );
  }
  async findIdentityLink(poolId: string, providerName: string, attributeName: string, attributeValue: string): Promise<IdentityLinkRecord | undefined> {
    const r = await this.db
      .selectFrom('identity_links')
      .selectAll()
      .where('pool_id', '=', poolId)
      .where('provider_name', '=', providerName)
      .where('attribute_name', '=', attributeName)
      .where('attribute_value', '=', attributeValue)
      .executeTakeFirst();
    return r && toIdentityLink(r);
  }
  /** A user's linked identities, oldest first. */
  async listIdentityLinksOfUser(poolId: string, userSub: string): Promise<IdentityLinkRecord[]> {
    const rows = await this.db.selectFrom('identity_links').selectAll().where('pool_id', '=', poolId).where('user_sub', '=', userSub).orderBy('created_at').orderBy('provider_name').orderBy('attribute_value').execute();
    return rows.map(toIdentityLink);
  }
  async deleteIdentityLink(poolId: string, providerName: string, attributeName: string, attributeValue: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('identity_links')
      .where('pool_id', '=', poolId)
      .where('provider_name', '=', providerName)
      .where('attribute_name', '=', attributeName)
      .where('attribute_value', '=', attributeValue)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  async findUiCustomization(poolId: string, clientId: string): Promise<UiCustomizationRecord | undefined> {
    const r = await this.db.selectFrom('ui_customizations').selectAll().where('pool_id', '=', poolId).where('client_id', '=', clientId).executeTakeFirst();
    return r && toUiCustomization(r);
  }
  /** Creates or replaces the branding of a pool (ALL) or client; an existing row keeps its creation time. */
  async putUiCustomization(u: UiCustomizationRecord): Promise<UiCustomizationRecord> {
    const set = { css: u.css, css_version: u.cssVersion, image_data: u.imageData, image_type: u.imageType, image_sha256: u.imageSha256, image_size: u.imageSize, updated_at: u.updatedAt };
    await this.db
      .insertInto('ui_customizations')
      .values({ pool_id: u.poolId, client_id: u.clientId, ...set, created_at: u.createdAt })
      .onConflict((oc) => oc.columns(['pool_id', 'client_id']).doUpdateSet(set))
      .execute();
    return (await this.findUiCustomization(u.poolId, u.clientId)) ?? u;
  }
  async deleteUiCustomization(poolId: string, clientId: string): Promise<void> {
    await this.db.deleteFrom('ui_customizations').where('pool_id', '=', poolId).where('client_id', '=', clientId).execute();
  }
  async findPoolSetting(poolId: string, kind: string, clientId: string): Promise<PoolSettingRecord | undefined> {
    const r = await this.db.selectFrom('pool_settings').selectAll().where('pool_id', '=', poolId).where('kind', '=', kind).where('client_id', '=', clientId).executeTakeFirst();
    return r && { poolId: r.pool_id, kind: r.kind, clientId: r.client_id, value: JSON.parse(r.value) as Record<string, unknown>, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) };
  }
  /** Creates or replaces a setting; an existing row keeps its creation time. */
  async putPoolSetting(p: PoolSettingRecord): Promise<void> {
    const set = { value: JSON.stringify(p.value), updated_at: p.updatedAt };
    await this.db
      .insertInto('pool_settings')
      .values({ pool_id: p.poolId, kind: p.kind, client_id: p.clientId, ...set, created_at: p.createdAt })
      .onConflict((oc) => oc.columns(['pool_id', 'kind', 'client_id']).doUpdateSet(set))
      .execute();
  }
  async deletePoolSetting(poolId: string, kind: string, clientId: string): Promise<void> {
    await this.db.deleteFrom('pool_settings').where('pool_id', '=', poolId).where('kind', '=', kind).where('client_id', '=', clientId).execute();
  }
  /** The client, its row locked until the transaction ends (PostgreSQL; SQLite transactions are serialised). */
  async findClientForUpdate(poolId: string, id: string): Promise<ClientRecord | undefined> {
    let q = this.db.selectFrom('clients').selectAll().where('id', '=', id).where('pool_id', '=', poolId);
    if (this.dialect === 'postgres') q = q.forUpdate();
    const r = await q.executeTakeFirst();
    return r && toClient(r);
  }
  /** The client's secrets: the complete list and the one `secret_sealed` shows (its first). */
  async setClientSecrets(poolId: string, id: string, secretSealed: string, secrets: ClientSecretEntry[]): Promise<void> {
    await this.db.updateTable('clients').set({ secret_sealed: secretSealed, secrets: JSON.stringify(secrets) }).where('id', '=', id).where('pool_id', '=', poolId).execute();
  }

  // ---- import jobs ----
  async insertImportJob(j: ImportJobRecord): Promise<void> {
    await mapUnique(this.db.insertInto('import_jobs').values(importJobRow(j)).execute());
  }
  async findImportJob(jobId: string): Promise<ImportJobRecord | undefined> {
    const r = await this.db.selectFrom('import_jobs').selectAll().where('job_id', '=', jobId).executeTakeFirst();
    return r && toImportJob(r);
  }
  /** Jobs of a pool, newest first (as AWS lists them), after the job `after` (keyset). */
  async listImportJobs(poolId: string, after: { createdAt: number; jobId: string } | undefined, limit: number): Promise<ImportJobRecord[]> {
    let q = this.db.selectFrom('import_jobs').selectAll().where('pool_id', '=', poolId);
    if (after !== undefined) {
      q = q.where((eb) => eb.or([eb('created_at', '<', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('job_id', '<', after.jobId)])]));
    }
    const rows = await q.orderBy('created_at', 'desc').orderBy('job_id', 'desc').limit(limit).execute();
    return rows.map(toImportJob);
  }
  /**
   * Writes `patch` to a job, only while its status is one of `from` (when given) and, when
   * `runnerId` is given, only while that runner owns it. Whether the row was updated: a
   * compare-and-set, so two nodes (or a stop racing a start) never both win a transition.
   */
  async updateImportJob(jobId: string, patch: ImportJobPatch, guard: { from?: ImportJobStatus[]; runnerId?: string } = {}): Promise<boolean> {
    let q = this.db.updateTable('import_jobs').set(importJobPatchRow(patch)).where('job_id', '=', jobId);
    if (guard.from !== undefined) q = q.where('status', 'in', guard.from);
    if (guard.runnerId !== undefined) q = q.where('runner_id', '=', guard.runnerId);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
  /** Takes over an unfinished job nobody runs (released, or silent since `staleBefore`). */
  async claimImportJob(jobId: string, runnerId: string, staleBefore: number, now: number): Promise<boolean> {
    const r = await this.db
      .updateTable('import_jobs')
      .set({ runner_id: runnerId, heartbeat_at: now, updated_at: now })
      .where('job_id', '=', jobId)
      .where('status', 'in', ['Pending', 'InProgress', 'Stopping'])
      .where((eb) => eb.or([eb('runner_id', 'is', null), eb('heartbeat_at', 'is', null), eb('heartbeat_at', '<', staleBefore)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
  /** Jobs that are started but not finished (Pending, InProgress, Stopping), oldest first. */
  async listUnfinishedImportJobs(limit: number): Promise<ImportJobRecord[]> {
    const rows = await this.db.selectFrom('import_jobs').selectAll().where('status', 'in', ['Pending', 'InProgress', 'Stopping']).orderBy('created_at').limit(limit).execute();
    return rows.map(toImportJob);
  }
  /**
   * Bulk insert (multi-row INSERTs) that skips rows breaking a uniqueness rule instead of failing;
   * the subs of the rows actually inserted. Run inside the batch's transaction. Rows go in `sub`
   * order: the random UUIDs then land in the sub index as one ordered run instead of scattered
   * page writes (a third less database time on SQLite), so which of two conflicting rows of one
   * call wins is unspecified — callers drop duplicates among `users` first.
   */
  async insertUsersSkippingConflicts(users: UserRecord[]): Promise<Set<string>> {
    const inserted = new Set<string>();
    const ordered = [...users].sort((a, b) => (a.sub < b.sub ? -1 : a.sub > b.sub ? 1 : 0));
    const perStatement = ordered.length === 0 ? 1 : Math.max(1, Math.floor(MAX_BULK_PARAMETERS / Object.keys(userRow(ordered[0]!)).length));
    for (let i = 0; i < ordered.length; i += perStatement) {
      const rows = ordered.slice(i, i + perStatement).map(userRow);
      // The statement text depends only on the row count: compiled once, then run with fresh parameters.
      const key = `${this.dialect}:${rows.length}`;
      let template = BULK_INSERT_SQL.get(key);
      if (template === undefined) {
        const compiled = this.db.insertInto('users').values(rows).onConflict((oc) => oc.doNothing()).returning('sub').compile();
        template = { sql: compiled.sql, columns: Object.keys(rows[0]!) as Array<keyof Omit<UsersTable, 'seq'>> };
        BULK_INSERT_SQL.set(key, template);
      }
      const params: unknown[] = [];
      for (const row of rows) for (const col of template.columns) params.push(row[col]);
      const out = await this.db.executeQuery<{ sub: string }>(CompiledQuery.raw(template.sql, params));
      for (const r of out.rows) inserted.add(r.sub);
    }
    return inserted;
  }
  /** Which of `keys` are usernames of existing users of the pool. */
  async findTakenUsernameKeys(poolId: string, keys: string[]): Promise<Set<string>> {
    const taken = new Set<string>();
    for (let i = 0; i < keys.length; i += 1000) {
      const rows = await this.db.selectFrom('users').select('username_key').where('pool_id', '=', poolId).where('username_key', 'in', keys.slice(i, i + 1000)).execute();
      for (const r of rows) taken.add(r.username_key);
    }
    return taken;
  }
  async insertImportLog(jobId: string, entries: ImportLogEntry[]): Promise<void> {
    for (let i = 0; i < entries.length; i += 1000) {
      const rows = entries.slice(i, i + 1000).map((e) => ({ job_id: jobId, line_number: e.lineNumber, outcome: e.outcome, message: e.message }));
      await this.db.insertInto('import_job_log').values(rows).onConflict((oc) => oc.doNothing()).execute();
    }
  }
  /** The job's log in line order, after line `afterLine`. */
  async listImportLog(jobId: string, afterLine: number, limit: number): Promise<ImportLogEntry[]> {
    const rows = await this.db.selectFrom('import_job_log').selectAll().where('job_id', '=', jobId).where('line_number', '>', afterLine).orderBy('line_number').limit(limit).execute();
    return rows.map((r) => ({ lineNumber: Number(r.line_number), outcome: r.outcome as ImportLogEntry['outcome'], message: r.message }));
  }

  // ---- oauth (domains, resource servers, authorization codes, hosted sessions) ----
  async insertDomain(d: DomainRecord): Promise<void> {
    await mapUnique(this.db.insertInto('user_pool_domains').values(domainRow(d)).execute());
  }
  async updateDomain(d: DomainRecord): Promise<void> {
    await this.db.updateTable('user_pool_domains').set(domainRow(d)).where('domain', '=', d.domain).execute();
  }
  async findDomain(domain: string): Promise<DomainRecord | undefined> {
    const r = await this.db.selectFrom('user_pool_domains').selectAll().where('domain', '=', domain).executeTakeFirst();
    return r && toDomain(r);
  }
  async listDomainsOfPool(poolId: string): Promise<DomainRecord[]> {
    const rows = await this.db.selectFrom('user_pool_domains').selectAll().where('pool_id', '=', poolId).orderBy('domain').limit(10).execute();
    return rows.map(toDomain);
  }
  async deleteDomain(domain: string): Promise<boolean> {
    const r = await this.db.deleteFrom('user_pool_domains').where('domain', '=', domain).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  async insertResourceServer(rs: ResourceServerRecord): Promise<void> {
    await mapUnique(this.db.insertInto('resource_servers').values(resourceServerRow(rs)).execute());
  }
  async updateResourceServer(rs: ResourceServerRecord): Promise<boolean> {
    const r = await this.db.updateTable('resource_servers').set({ name: rs.name, scopes: JSON.stringify(rs.scopes), updated_at: rs.updatedAt }).where('pool_id', '=', rs.poolId).where('identifier', '=', rs.identifier).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
  async findResourceServer(poolId: string, identifier: string): Promise<ResourceServerRecord | undefined> {
    const r = await this.db.selectFrom('resource_servers').selectAll().where('pool_id', '=', poolId).where('identifier', '=', identifier).executeTakeFirst();
    return r && toResourceServer(r);
  }
  /** Resource servers of a pool in identifier order, after `afterIdentifier`. */
  async listResourceServers(poolId: string, afterIdentifier: string | undefined, limit: number): Promise<ResourceServerRecord[]> {
    let q = this.db.selectFrom('resource_servers').selectAll().where('pool_id', '=', poolId).orderBy('identifier').limit(limit);
    if (afterIdentifier !== undefined) q = q.where('identifier', '>', afterIdentifier);
    return (await q.execute()).map(toResourceServer);
  }
  async deleteResourceServer(poolId: string, identifier: string): Promise<boolean> {
    const r = await this.db.deleteFrom('resource_servers').where('pool_id', '=', poolId).where('identifier', '=', identifier).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  async insertOAuthCode(c: OAuthCodeRecord): Promise<void> {
    await this.db
      .insertInto('oauth_codes')
      .values({
        code_hash: c.codeHash,
        pool_id: c.poolId,
        client_id: c.clientId,
        user_sub: c.userSub,
        redirect_uri: c.redirectUri,
        scopes: c.scopes,
        code_challenge: c.codeChallenge,
        nonce: c.nonce,
        auth_time: c.authTime,
        expires_at: c.expiresAt,
        created_at: c.createdAt,
      })
      .execute();
  }
  /** Uses a code up: exactly one concurrent caller gets it. */
  async consumeOAuthCode(codeHash: string): Promise<OAuthCodeRecord | undefined> {
    const r = await this.db.deleteFrom('oauth_codes').where('code_hash', '=', codeHash).returningAll().executeTakeFirst();
    return r && toOAuthCode(r);
  }
  async insertHostedSession(h: HostedSessionRecord): Promise<void> {
    await this.db.insertInto('hosted_sessions').values({ id_hash: h.idHash, pool_id: h.poolId, user_sub: h.userSub, auth_time: h.authTime, expires_at: h.expiresAt, created_at: h.createdAt }).execute();
  }
  async findHostedSession(idHash: string): Promise<HostedSessionRecord | undefined> {
    const r = await this.db.selectFrom('hosted_sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
    return r && { idHash: r.id_hash, poolId: r.pool_id, userSub: r.user_sub, authTime: Number(r.auth_time), expiresAt: Number(r.expires_at), createdAt: Number(r.created_at) };
  }
  async deleteHostedSession(idHash: string): Promise<void> {
    await this.db.deleteFrom('hosted_sessions').where('id_hash', '=', idHash).execute();
  }
  /** Drops a refresh token row outright (the hosted pages' throw-away API sign-in tokens). */
  async deleteRefreshToken(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('refresh_tokens').where('token_hash', '=', tokenHash).execute();
  }
  async purgeExpiredOAuthState(now: number): Promise<void> {
    await this.db.deleteFrom('oauth_codes').where('expires_at', '<=', now).execute();
    await this.db.deleteFrom('hosted_sessions').where('expires_at', '<=', now).execute();
  }
}
