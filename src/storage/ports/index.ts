/**
 * What the domain and the operations ask of storage: one interface per aggregate. Records are plain data; JSON columns are
 * parsed; timestamps are epoch milliseconds. One SQL implementation serves SQLite and PostgreSQL.
 */
import type { PoolsStore } from './pools.ts';
import type { ClientsStore } from './clients.ts';
import type { UsersStore } from './users.ts';
import type { GroupsStore } from './groups.ts';
import type { KeysStore } from './keys.ts';
import type { AuthStore } from './auth.ts';
import type { MessagesStore } from './messages.ts';
import type { MfaStore } from './mfa.ts';
import type { FederationStore } from './federation.ts';
import type { SettingsStore } from './settings.ts';
import type { ImportsStore } from './imports.ts';
import type { OauthStore } from './oauth.ts';

export * from './pools.ts';
export * from './clients.ts';
export * from './users.ts';
export * from './groups.ts';
export * from './keys.ts';
export * from './auth.ts';
export * from './messages.ts';
export * from './mfa.ts';
export * from './federation.ts';
export * from './settings.ts';
export * from './imports.ts';
export * from './oauth.ts';
export * from './errors.ts';

/** Every port, and the transaction that spans them. */
export interface Store {
  /** Which SQL engine answers (import batch sizes and a start-up log line differ). */
  readonly dialect: 'sqlite' | 'postgres';
  readonly pools: PoolsStore;
  readonly clients: ClientsStore;
  readonly users: UsersStore;
  readonly groups: GroupsStore;
  readonly keys: KeysStore;
  readonly auth: AuthStore;
  readonly messages: MessagesStore;
  readonly mfa: MfaStore;
  readonly federation: FederationStore;
  readonly settings: SettingsStore;
  readonly imports: ImportsStore;
  readonly oauth: OauthStore;
  /** Runs `fn` in one transaction; everything it writes through `tx` lands together or not at all. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
}
