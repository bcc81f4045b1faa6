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

/** OAuth: pool domains, resource servers, authorization codes, hosted-UI sessions. */
export interface OauthStore {
  insertDomain(d: DomainRecord): Promise<void>;
  updateDomain(d: DomainRecord): Promise<void>;
  findDomain(domain: string): Promise<DomainRecord | undefined>;
  deleteDomain(domain: string): Promise<boolean>;
  insertResourceServer(rs: ResourceServerRecord): Promise<void>;
  updateResourceServer(rs: ResourceServerRecord): Promise<boolean>;
  findResourceServer(poolId: string, identifier: string): Promise<ResourceServerRecord | undefined>;
  /** Resource servers of a pool in identifier order, after `afterIdentifier`. */
  listResourceServers(poolId: string, afterIdentifier: string | undefined, limit: number): Promise<ResourceServerRecord[]>;
  deleteResourceServer(poolId: string, identifier: string): Promise<boolean>;
  insertOAuthCode(c: OAuthCodeRecord): Promise<void>;
  /** Uses a code up: exactly one concurrent caller gets it. */
  consumeOAuthCode(codeHash: string): Promise<OAuthCodeRecord | undefined>;
  insertHostedSession(h: HostedSessionRecord): Promise<void>;
  findHostedSession(idHash: string): Promise<HostedSessionRecord | undefined>;
  deleteHostedSession(idHash: string): Promise<void>;
  purgeExpiredOAuthState(now: number): Promise<void>;
}
