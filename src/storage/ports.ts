/**
 * What the domain and the operations ask of storage. Records are plain data; JSON columns are
 * parsed; timestamps are epoch milliseconds. One SQL implementation serves SQLite and PostgreSQL.
 */
export interface PoolRecord {
  id: string;
  name: string;
  /** AWS UserPoolType members (without Id, Name, Arn, dates, counts), defaults filled in. */
  config: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface ClientRecord {
  id: string;
  poolId: string;
  name: string;
  /** Sealed client secret (base64) or null for a public client. */
  secretSealed: string | null;
  /**
   * Every secret of the client once AddUserPoolClientSecret / DeleteUserPoolClientSecret ran
   * (oldest first; `secretSealed` is then the first one). Absent: the one secret is `secretSealed`.
   */
  secrets?: ClientSecretEntry[];
  /** AWS UserPoolClientType members other than ids, name, secret and dates. */
  config: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface UserRecord {
  seq?: number;
  poolId: string;
  sub: string;
  username: string;
  /** Normalised username (lower-cased unless the pool is case-sensitive): unique per pool. */
  usernameKey: string;
  status: string;
  enabled: boolean;
  /** Every attribute but `sub`, values as strings. */
  attributes: Record<string, string>;
  /** Normalised alias values usable for sign-in (unique per pool), null when not usable. */
  emailAlias: string | null;
  phoneAlias: string | null;
  preferredUsernameAlias: string | null;
  passwordSealed: string | null;
  tempPasswordExpiresAt: number | null;
  mfaOptions: unknown[] | null;
  tokensValidAfter: number;
  failedAttempts: number;
  lockedUntil: number;
  createdAt: number;
  updatedAt: number;
}

export type AliasKind = 'email' | 'phone_number' | 'preferred_username';

export interface GroupRecord {
  poolId: string;
  name: string;
  description: string | null;
  roleArn: string | null;
  precedence: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface SigningKeyRecord {
  kid: string;
  poolId: string;
  privateSealed: string;
  publicJwk: Record<string, unknown>;
  active: boolean;
  createdAt: number;
}

/** Which uniqueness rule a write broke; the operation turns it into AWS's exception. */
export type UniqueRule = 'pool' | 'client' | 'username' | 'sub' | 'email_alias' | 'phone_alias' | 'preferred_username_alias' | 'group' | 'group_member' | 'kid' | 'identity_provider' | 'idp_identifier' | 'identity_link' | 'other';

export class UniqueViolation extends Error {
  readonly rule: UniqueRule;
  constructor(rule: UniqueRule) {
    super(`unique constraint violated: ${rule}`);
    this.rule = rule;
  }
}

/** ListUsers: a filter already parsed and normalised by the domain. */
export interface UserQuery {
  /** Column filtered on, or none. */
  column?: 'username_key' | 'sub' | 'status' | 'enabled' | 'email_lc' | 'phone_number_lc' | 'name_lc' | 'given_name_lc' | 'family_name_lc' | 'preferred_username_lc';
  op?: 'equals' | 'startsWith';
  value?: string | number;
  /** Keyset cursor: the last row of the previous page. */
  after?: { value?: string | number; seq: number };
  limit: number;
}

// ---- auth ----
/** A refresh token as stored: the token's SHA-256 hash, never the token. Times in epoch ms except authTime (seconds). */
export interface RefreshTokenRecord {
  tokenHash: string;
  poolId: string;
  clientId: string;
  userSub: string;
  originJti: string;
  deviceKey: string | null;
  scopes: string | null;
  authTime: number;
  expiresAt: number;
  revokedAt: number | null;
  /** When rotation replaced it (GetTokensFromRefreshToken); null otherwise. */
  rotatedAt: number | null;
  createdAt: number;
}

/** A challenge session (InitiateAuth → RespondToAuthChallenge), single-use. */
export interface AuthSessionRecord {
  idHash: string;
  poolId: string;
  clientId: string;
  userSub: string | null;
  step: string;
  data: Record<string, unknown>;
  expiresAt: number;
  attempts: number;
  createdAt: number;
}

// ---- messaging ----
/** One rendered message (the outbox row). */
export interface MessageRecord {
  id?: number;
  poolId: string;
  username: string;
  channel: 'EMAIL' | 'SMS';
  destination: string;
  kind: string;
  code: string | null;
  subject: string | null;
  body: string;
  createdAt: number;
}

/** A one-time code as stored: its keyed hash, never the code. */
export interface CodeRecord {
  poolId: string;
  userSub: string;
  purpose: string;
  codeHash: string;
  expiresAt: number;
  attempts: number;
  createdAt: number;
}

// ---- import jobs ----
/** UserImportJobType's Status values. */
export type ImportJobStatus = 'Created' | 'Pending' | 'InProgress' | 'Stopping' | 'Stopped' | 'Failed' | 'Succeeded' | 'Expired';

/** A user import job as stored (times in epoch ms). */
export interface ImportJobRecord {
  jobId: string;
  poolId: string;
  jobName: string;
  status: ImportJobStatus;
  cloudWatchLogsRoleArn: string | null;
  createdAt: number;
  startedAt: number | null;
  completedAt: number | null;
  importedUsers: number;
  skippedUsers: number;
  failedUsers: number;
  completionMessage: string | null;
  /** The CSV to read (CLI jobs); null = the uploaded file in the data dir. */
  filePath: string | null;
  uploadedAt: number | null;
  uploadedBytes: number | null;
  /** Byte offset just after the last committed row, and that row's line number (header = line 1). */
  offsetBytes: number;
  lineNumber: number;
  /** The process running the job and when it last committed; null when nobody runs it. */
  runnerId: string | null;
  heartbeatAt: number | null;
  updatedAt: number;
}

/** One row that was not imported, as the job log records it (no user data, as CloudWatch's). */
export interface ImportLogEntry {
  lineNumber: number;
  outcome: 'FAILED' | 'SKIPPED';
  message: string;
}

// ---- mfa and devices ----
export type MfaFactor = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';

/** A user's MFA state beyond the legacy MFAOptions (which record SMS MFA). */
export interface UserMfaRecord {
  poolId: string;
  userSub: string;
  totpEnabled: boolean;
  emailEnabled: boolean;
  preferred: MfaFactor | null;
  /** Sealed base32 secret of the verified authenticator. */
  totpSecretSealed: string | null;
  /** Sealed base32 secret waiting for VerifySoftwareToken. */
  totpPendingSealed: string | null;
  totpName: string | null;
  /** Last RFC 6238 time step accepted. */
  totpLastStep: number | null;
  updatedAt: number;
}

export type DeviceStatus = 'remembered' | 'not_remembered' | 'forgotten';

/** A device confirmed with ConfirmDevice (times in epoch ms). */
export interface DeviceRecord {
  deviceKey: string;
  poolId: string;
  userSub: string;
  deviceGroupKey: string;
  /** Sealed device SRP salt + verifier, or null when none was given. */
  verifierSealed: string | null;
  name: string | null;
  status: DeviceStatus;
  attributes: Record<string, string>;
  lastIp: string | null;
  createdAt: number;
  updatedAt: number;
  lastAuthenticatedAt: number;
}

// ---- oauth (domains, resource servers, authorization codes, hosted sessions) ----
/** A user pool domain: a prefix (`<prefix>.auth.<region>.amazoncognito.com`) or a custom domain. */
export interface DomainRecord {
  domain: string;
  poolId: string;
  custom: boolean;
  certificateArn: string | null;
  managedLoginVersion: number | null;
  version: string;
  createdAt: number;
  updatedAt: number;
}

export interface ResourceServerScope {
  ScopeName: string;
  ScopeDescription: string;
}

export interface ResourceServerRecord {
  poolId: string;
  identifier: string;
  name: string;
  scopes: ResourceServerScope[];
  createdAt: number;
  updatedAt: number;
}

/** An authorization code as stored: its SHA-256 hash, never the code. authTime in epoch seconds. */
export interface OAuthCodeRecord {
  codeHash: string;
  poolId: string;
  clientId: string;
  userSub: string;
  redirectUri: string;
  scopes: string;
  codeChallenge: string | null;
  nonce: string | null;
  authTime: number;
  expiresAt: number;
  createdAt: number;
}

/** A hosted-pages sign-in session (the `cognito` cookie). authTime in epoch seconds. */
export interface HostedSessionRecord {
  idHash: string;
  poolId: string;
  userSub: string;
  authTime: number;
  expiresAt: number;
  createdAt: number;
}

// ---- config (identity providers, federation links, UI customization, pool settings, client secrets) ----
/** One secret of an app client (ClientSecretDescriptorType): sealed like `ClientRecord.secretSealed`. */
export interface ClientSecretEntry {
  /** `<client id>--<epoch ms of creation>`, as AWS forms ClientSecretId. */
  id: string;
  sealed: string;
  createdAt: number;
}

/** A user pool identity provider. `detailsSealed` holds the ProviderDetails JSON (client secrets, keys) sealed. */
export interface IdentityProviderRecord {
  poolId: string;
  name: string;
  type: string;
  detailsSealed: string;
  attributeMapping: Record<string, string>;
  idpIdentifiers: string[];
  createdAt: number;
  updatedAt: number;
}

/** An external identity linked to a user (AdminLinkProviderForUser's SourceUser → DestinationUser). */
export interface IdentityLinkRecord {
  poolId: string;
  providerName: string;
  attributeName: string;
  attributeValue: string;
  userSub: string;
  createdAt: number;
}

/** Hosted UI (classic) branding of a pool (`clientId` ALL) or of one app client. */
export interface UiCustomizationRecord {
  poolId: string;
  clientId: string;
  css: string | null;
  cssVersion: string;
  /** The logo image (base64) with its media type, SHA-256 (hex) and size in bytes; null without a logo. */
  imageData: string | null;
  imageType: string | null;
  imageSha256: string | null;
  imageSize: number | null;
  createdAt: number;
  updatedAt: number;
}

/** A per-pool (or per-client) setting stored as JSON: `risk` (SetRiskConfiguration), `log_delivery`. */
export interface PoolSettingRecord {
  poolId: string;
  kind: string;
  /** The app client it applies to, or '' for the pool. */
  clientId: string;
  value: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}
