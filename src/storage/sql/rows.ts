import { sql, type Selectable } from 'kysely';
import type { ClientsTable, UsersTable, RefreshTokensTable, AuthSessionsTable, ImportJobsTable, UserMfaTable, DevicesTable, UserPoolDomainsTable, ResourceServersTable, OAuthCodesTable, IdentityProvidersTable, IdentityLinksTable, UiCustomizationsTable } from './schema.ts';
import { type ClientRecord, type ClientSecretEntry, type UserRecord, type UserListing, type RefreshTokenRecord, type AuthSessionRecord, type ImportJobStatus, type ImportJobRecord, type ImportJobPatch, type MfaFactor, type UserMfaRecord, type DeviceStatus, type DeviceRecord, type DomainRecord, type ResourceServerScope, type ResourceServerRecord, type OAuthCodeRecord, type IdentityProviderRecord, type IdentityLinkRecord, type UiCustomizationRecord } from '../ports/index.ts';

/** Row ↔ record mapping for every table (JSON columns parsed, booleans as 0/1, timestamps as numbers). */
/** A user as listings show it: the columns of {@link USER_LISTING_COLUMNS}. */
export function toUserListing(r: Pick<Selectable<UsersTable>, (typeof USER_LISTING_COLUMNS)[number]>): UserListing {
  return {
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
  };
}

export function toUser(r: Selectable<UsersTable>): UserRecord {
  return {
    ...toUserListing(r),
    emailAlias: r.email_alias,
    phoneAlias: r.phone_alias,
    preferredUsernameAlias: r.preferred_username_alias,
    passwordSealed: r.password_sealed,
    tempPasswordExpiresAt: r.temp_password_expires_at,
    tokensValidAfter: r.tokens_valid_after,
    failedAttempts: r.failed_attempts,
    lockedUntil: r.locked_until,
  };
}

export const lc = (v: string | undefined): string | null => (v === undefined || v === '' ? null : v.toLowerCase());

export function userRow(u: UserRecord): Omit<UsersTable, 'seq'> {
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

export const ALIAS_COLUMN = { email: 'email_alias', phone_number: 'phone_alias', preferred_username: 'preferred_username_alias' } as const;

export const USER_LISTING_COLUMNS = ['seq', 'pool_id', 'sub', 'username', 'username_key', 'status', 'enabled', 'attributes', 'mfa_options', 'created_at', 'updated_at'] as const;

/** The highest code point: `prefix + MAX` bounds a prefix range that an index can serve. */
export const MAX_CHAR = '\u{10FFFF}';

export function toRefreshToken(r: Selectable<RefreshTokensTable>): RefreshTokenRecord {
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

export function toAuthSession(r: Selectable<AuthSessionsTable>): AuthSessionRecord {
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
export function toUserMfa(r: Selectable<UserMfaTable>): UserMfaRecord {
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

export function toDevice(r: Selectable<DevicesTable>): DeviceRecord {
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
export function domainRow(d: DomainRecord): UserPoolDomainsTable {
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
export function toDomain(r: Selectable<UserPoolDomainsTable>): DomainRecord {
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
export function resourceServerRow(rs: ResourceServerRecord): ResourceServersTable {
  return { pool_id: rs.poolId, identifier: rs.identifier, name: rs.name, scopes: JSON.stringify(rs.scopes), created_at: rs.createdAt, updated_at: rs.updatedAt };
}
export function toResourceServer(r: Selectable<ResourceServersTable>): ResourceServerRecord {
  return { poolId: r.pool_id, identifier: r.identifier, name: r.name, scopes: JSON.parse(r.scopes) as ResourceServerScope[], createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) };
}
export function toOAuthCode(r: Selectable<OAuthCodesTable>): OAuthCodeRecord {
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
export const MAX_BULK_PARAMETERS = 30_000;
/** Compiled multi-row INSERT … ON CONFLICT DO NOTHING RETURNING sub, by dialect and row count (pure text, safe to share). */
export const BULK_INSERT_SQL = new Map<string, { sql: string; columns: Array<keyof Omit<UsersTable, 'seq'>> }>();


export const IMPORT_JOB_COLUMNS = {
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

export function importJobPatchRow(patch: ImportJobPatch): Partial<ImportJobsTable> {
  const row: Record<string, unknown> = {};
  for (const [k, col] of Object.entries(IMPORT_JOB_COLUMNS)) {
    const v = patch[k as keyof ImportJobPatch];
    if (v !== undefined) row[col] = v;
  }
  return row as Partial<ImportJobsTable>;
}

export function importJobRow(j: ImportJobRecord): ImportJobsTable {
  return { job_id: j.jobId, pool_id: j.poolId, ...(importJobPatchRow(j) as Omit<ImportJobsTable, 'job_id' | 'pool_id'>) };
}

export function toImportJob(r: Selectable<ImportJobsTable>): ImportJobRecord {
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
export function toClient(r: Selectable<ClientsTable>): ClientRecord {
  const c: ClientRecord = { id: r.id, poolId: r.pool_id, name: r.name, secretSealed: r.secret_sealed, config: JSON.parse(r.config) as Record<string, unknown>, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) };
  if (r.secrets !== null && r.secrets !== undefined) c.secrets = JSON.parse(r.secrets) as ClientSecretEntry[];
  return c;
}
export function toIdentityProvider(r: Selectable<IdentityProvidersTable>): IdentityProviderRecord {
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
export function toIdentityLink(r: Selectable<IdentityLinksTable>): IdentityLinkRecord {
  return { poolId: r.pool_id, providerName: r.provider_name, attributeName: r.attribute_name, attributeValue: r.attribute_value, userSub: r.user_sub, createdAt: Number(r.created_at) };
}
export function toUiCustomization(r: Selectable<UiCustomizationsTable>): UiCustomizationRecord {
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
