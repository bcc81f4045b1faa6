import type { Generated } from 'kysely';

/**
 * Row types of every table. Timestamps are epoch milliseconds (bigint columns); booleans are 0/1;
 * binary secrets are stored as base64 text so one schema serves SQLite and PostgreSQL.
 */
export interface UserPoolsTable {
  id: string;
  name: string;
  /** The pool's settings as AWS's UserPoolType members (JSON), defaults filled in. */
  config: string;
  created_at: number;
  updated_at: number;
}

export interface ClientsTable {
  id: string;
  pool_id: string;
  name: string;
  /** Sealed (AES-256-GCM) client secret, base64; null for public clients. */
  secret_sealed: string | null;
  /** Every client secret, JSON [{id, sealed, createdAt}], once the client-secret operations ran (009-config). */
  secrets: string | null;
  /** UserPoolClientType members other than ids/secret/dates (JSON). */
  config: string;
  created_at: number;
  updated_at: number;
}

export interface UsersTable {
  /** Monotonic row number: the stable paging order. */
  seq: Generated<number>;
  pool_id: string;
  sub: string;
  username: string;
  /** Lower-cased username in case-insensitive pools, else the username: carries the uniqueness constraint. */
  username_key: string;
  status: string;
  enabled: number;
  /** Attributes other than sub, as a JSON object of strings. */
  attributes: string;
  /** Lower-cased copies of the searchable attributes, so ListUsers filters run on indexes. */
  email_lc: string | null;
  phone_number_lc: string | null;
  name_lc: string | null;
  given_name_lc: string | null;
  family_name_lc: string | null;
  preferred_username_lc: string | null;
  /** Alias uniqueness: set only while the alias is usable for sign-in (verified email/phone, any preferred_username). */
  email_alias: string | null;
  phone_alias: string | null;
  preferred_username_alias: string | null;
  /** Sealed SRP salt+verifier (base64), never the password. */
  password_sealed: string | null;
  /** When a temporary password stops being accepted (FORCE_CHANGE_PASSWORD). */
  temp_password_expires_at: number | null;
  /** Legacy MFAOptions, JSON array, or null. */
  mfa_options: string | null;
  /** Tokens issued before this instant are revoked (GlobalSignOut, disable). */
  tokens_valid_after: number;
  failed_attempts: number;
  locked_until: number;
  created_at: number;
  updated_at: number;
}

export interface GroupsTable {
  pool_id: string;
  name: string;
  description: string | null;
  role_arn: string | null;
  precedence: number | null;
  created_at: number;
  updated_at: number;
}

export interface GroupMembersTable {
  pool_id: string;
  group_name: string;
  user_sub: string;
}

export interface SigningKeysTable {
  kid: string;
  pool_id: string;
  /** Sealed PKCS#8 PEM of the private key, base64. */
  private_sealed: string;
  /** Public JWK as JSON. */
  public_jwk: string;
  active: number;
  created_at: number;
}

// ---- auth (004-auth) ----
export interface RefreshTokensTable {
  /** SHA-256 hex of the refresh token; the token itself is never stored. */
  token_hash: string;
  pool_id: string;
  client_id: string;
  user_sub: string;
  origin_jti: string;
  device_key: string | null;
  scopes: string | null;
  /** Epoch seconds of the original sign-in. */
  auth_time: number;
  expires_at: number;
  revoked_at: number | null;
  rotated_at: number | null;
  created_at: number;
}

export interface AuthSessionsTable {
  /** SHA-256 hex of the opaque Session string (or SRP secret-block id). */
  id_hash: string;
  pool_id: string;
  client_id: string;
  user_sub: string | null;
  step: string;
  /** Step state as JSON. */
  data: string;
  expires_at: number;
  attempts: number;
  created_at: number;
}

// ---- messaging (002-messages, 003-codes) ----
export interface MessagesTable {
  id: Generated<number>;
  pool_id: string;
  /** The user's real Username (the sub in email/phone-as-username pools). */
  username: string;
  channel: string;
  destination: string;
  kind: string;
  /** The code or temporary password sent; null when the outbox endpoint is off (redacted). */
  code: string | null;
  subject: string | null;
  body: string;
  created_at: number;
}

export interface CodesTable {
  pool_id: string;
  user_sub: string;
  purpose: string;
  /** Keyed hash (HMAC-SHA256) of the code, never the code. */
  code_hash: string;
  expires_at: number;
  attempts: number;
  created_at: number;
}

// ---- import jobs (006-import-jobs) ----
export interface ImportJobsTable {
  job_id: string;
  pool_id: string;
  job_name: string;
  status: string;
  cloudwatch_logs_role_arn: string | null;
  created_at: number;
  started_at: number | null;
  completed_at: number | null;
  imported_users: number;
  skipped_users: number;
  failed_users: number;
  completion_message: string | null;
  /** The CSV to read (CLI jobs); null = the uploaded file in the data dir. */
  file_path: string | null;
  uploaded_at: number | null;
  uploaded_bytes: number | null;
  /** Byte offset after the last committed row and that row's line number (header = line 1). */
  offset_bytes: number;
  line_number: number;
  runner_id: string | null;
  heartbeat_at: number | null;
  updated_at: number;
}

export interface ImportJobLogTable {
  job_id: string;
  line_number: number;
  outcome: string;
  message: string;
}

// ---- mfa and devices (007-mfa-devices) ----
export interface UserMfaTable {
  pool_id: string;
  user_sub: string;
  totp_enabled: number;
  email_enabled: number;
  preferred: string | null;
  /** Sealed base32 TOTP secrets: the verified one and one waiting for VerifySoftwareToken. */
  totp_secret_sealed: string | null;
  totp_pending_sealed: string | null;
  totp_name: string | null;
  /** Last RFC 6238 time step accepted. */
  totp_last_step: number | null;
  updated_at: number;
}

export interface DevicesTable {
  device_key: string;
  pool_id: string;
  user_sub: string;
  device_group_key: string;
  /** Sealed device SRP salt + verifier, or null. */
  verifier_sealed: string | null;
  name: string | null;
  /** remembered | not_remembered | forgotten */
  status: string;
  /** Further attributes, JSON object of strings. */
  attributes: string;
  last_ip: string | null;
  created_at: number;
  updated_at: number;
  last_authenticated_at: number;
}

// ---- oauth (008-oauth) ----
export interface UserPoolDomainsTable {
  domain: string;
  pool_id: string;
  /** 1 = custom domain, 0 = prefix domain. */
  custom: number;
  certificate_arn: string | null;
  managed_login_version: number | null;
  version: string;
  created_at: number;
  updated_at: number;
}

export interface ResourceServersTable {
  pool_id: string;
  identifier: string;
  name: string;
  /** JSON array of {ScopeName, ScopeDescription}. */
  scopes: string;
  created_at: number;
  updated_at: number;
}

export interface OAuthCodesTable {
  /** SHA-256 hash of the authorization code; the code itself is never stored. */
  code_hash: string;
  pool_id: string;
  client_id: string;
  user_sub: string;
  redirect_uri: string;
  scopes: string;
  code_challenge: string | null;
  nonce: string | null;
  auth_time: number;
  expires_at: number;
  created_at: number;
}

export interface HostedSessionsTable {
  /** Hash of the session id the `cognito` cookie carries. */
  id_hash: string;
  pool_id: string;
  user_sub: string;
  auth_time: number;
  expires_at: number;
  created_at: number;
}

// ---- config (009-config) ----
export interface IdentityProvidersTable {
  pool_id: string;
  name: string;
  type: string;
  /** Sealed ProviderDetails JSON, base64. */
  details_sealed: string;
  /** AttributeMapping, JSON object. */
  attribute_mapping: string;
  /** IdpIdentifiers, JSON array (uniqueness lives in idp_identifiers). */
  idp_identifiers: string;
  created_at: number;
  updated_at: number;
}

export interface IdpIdentifiersTable {
  pool_id: string;
  identifier: string;
  provider_name: string;
}

export interface IdentityLinksTable {
  pool_id: string;
  provider_name: string;
  attribute_name: string;
  attribute_value: string;
  user_sub: string;
  created_at: number;
}

export interface UiCustomizationsTable {
  pool_id: string;
  /** An app client id, or ALL for the pool default. */
  client_id: string;
  css: string | null;
  css_version: string;
  image_data: string | null;
  image_type: string | null;
  image_sha256: string | null;
  image_size: number | null;
  created_at: number;
  updated_at: number;
}

export interface PoolSettingsTable {
  pool_id: string;
  /** risk | log_delivery */
  kind: string;
  /** '' = the pool. */
  client_id: string;
  value: string;
  created_at: number;
  updated_at: number;
}

/** Per-user throttle counters (010-attempt-counters). */
export interface AttemptCountersTable {
  pool_id: string;
  user_sub: string;
  kind: string;
  count: number;
  window_start: number;
}

/** Server-wide settings (011-server-settings), e.g. `master_key_fingerprint`. */
export interface ServerSettingsTable {
  name: string;
  value: string;
  updated_at: number;
}

export interface Database {
  user_pools: UserPoolsTable;
  clients: ClientsTable;
  users: UsersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  signing_keys: SigningKeysTable;
  refresh_tokens: RefreshTokensTable;
  auth_sessions: AuthSessionsTable;
  messages: MessagesTable;
  codes: CodesTable;
  import_jobs: ImportJobsTable;
  import_job_log: ImportJobLogTable;
  user_mfa: UserMfaTable;
  devices: DevicesTable;
  identity_providers: IdentityProvidersTable;
  idp_identifiers: IdpIdentifiersTable;
  identity_links: IdentityLinksTable;
  ui_customizations: UiCustomizationsTable;
  pool_settings: PoolSettingsTable;
  user_pool_domains: UserPoolDomainsTable;
  resource_servers: ResourceServersTable;
  oauth_codes: OAuthCodesTable;
  hosted_sessions: HostedSessionsTable;
  attempt_counters: AttemptCountersTable;
  server_settings: ServerSettingsTable;
}
