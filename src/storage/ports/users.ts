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

/** A user as listings show it (ListUsers): without its secrets and sign-in bookkeeping. */
export type UserListing = Pick<UserRecord, 'seq' | 'poolId' | 'sub' | 'username' | 'usernameKey' | 'status' | 'enabled' | 'attributes' | 'mfaOptions' | 'createdAt' | 'updatedAt'>;

/** Users: identity, attributes, aliases, status and the columns sign-in reads. */
export interface UsersStore {
  insertUser(u: UserRecord): Promise<void>;
  /**
   * Writes every column of an existing user (by pool + sub): afterwards the row is `u`. Only the
   * columns whose stored value differs are sent (the row is read first, locked on PostgreSQL, in
   * one transaction): an UPDATE naming a column rewrites every index on it, and the users table
   * has thirteen — setting all columns cost ~4× an UPDATE of the three an attribute change touches.
   */
  updateUser(u: UserRecord): Promise<void>;
  findUserByUsernameKey(poolId: string, key: string): Promise<UserRecord | undefined>;
  findUserBySub(poolId: string, sub: string): Promise<UserRecord | undefined>;
  findUserByAlias(poolId: string, kind: AliasKind, value: string): Promise<UserRecord | undefined>;
  deleteUser(poolId: string, sub: string): Promise<boolean>;
  countUsers(poolId: string): Promise<number>;
  /**
   * One page of users in index order: by (filtered column, seq) when filtered, else by seq.
   * Keyset paging, so users added or removed between pages never make a page repeat or skip one.
   */
  listUsers(poolId: string, q: UserQuery): Promise<UserRecord[]>;
  /**
   * {@link listUsers} with only what a listing shows (ListUsers): no sealed password and no
   * sign-in bookkeeping — the sealed password alone was half of the bytes SQLite handed over.
   */
  listUserListings(poolId: string, q: UserQuery): Promise<UserListing[]>;
  setUserTokensValidAfter(poolId: string, userSub: string, at: number): Promise<void>;
  /** The legacy MFAOptions (SMS MFA) of a user, without rewriting the rest of the row. */
  setUserMfaOptions(poolId: string, userSub: string, options: unknown[] | null, now: number): Promise<void>;
  /** The user, its row locked until the transaction ends (PostgreSQL; SQLite transactions are serialised). */
  findUserBySubForUpdate(poolId: string, sub: string): Promise<UserRecord | undefined>;
  /**
   * Bulk insert (multi-row INSERTs) that skips rows breaking a uniqueness rule instead of failing;
   * the subs of the rows actually inserted. Run inside the batch's transaction. Rows go in `sub`
   * order: the random UUIDs then land in the sub index as one ordered run instead of scattered
   * page writes (a third less database time on SQLite), so which of two conflicting rows of one
   * call wins is unspecified — callers drop duplicates among `users` first.
   */
  insertUsersSkippingConflicts(users: UserRecord[]): Promise<Set<string>>;
  /** Which of `keys` are usernames of existing users of the pool. */
  findTakenUsernameKeys(poolId: string, keys: string[]): Promise<Set<string>>;
}
