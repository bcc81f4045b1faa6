import { SqlPools } from './pools.ts';
import { SqlClients } from './clients.ts';
import { SqlUsers } from './users.ts';
import { SqlGroups } from './groups.ts';
import { SqlKeys } from './keys.ts';
import { SqlAuth } from './auth.ts';
import { SqlMessages } from './messages.ts';
import { SqlMfa } from './mfa.ts';
import { SqlFederation } from './federation.ts';
import { SqlSettings } from './settings.ts';
import { SqlImports } from './imports.ts';
import { SqlOauth } from './oauth.ts';
import { SqlSession, type Db } from './session.ts';
import type { Dialect } from './dialect.ts';
import type { PoolRecord, Store } from '../ports/index.ts';

/** The one storage implementation (Kysely over SQLite or PostgreSQL): every port over one session. */
export class SqlStore implements Store {
  readonly session: SqlSession;
  readonly pools: SqlPools;
  readonly clients: SqlClients;
  readonly users: SqlUsers;
  readonly groups: SqlGroups;
  readonly keys: SqlKeys;
  readonly auth: SqlAuth;
  readonly messages: SqlMessages;
  readonly mfa: SqlMfa;
  readonly federation: SqlFederation;
  readonly settings: SqlSettings;
  readonly imports: SqlImports;
  readonly oauth: SqlOauth;
  constructor(db: Db | SqlSession, dialect?: Dialect, pools?: Map<string, PoolRecord>) {
    this.session = db instanceof SqlSession ? db : new SqlSession(db, dialect ?? 'sqlite', pools);
    this.pools = new SqlPools(this.session);
    this.clients = new SqlClients(this.session);
    this.users = new SqlUsers(this.session);
    this.groups = new SqlGroups(this.session);
    this.keys = new SqlKeys(this.session);
    this.auth = new SqlAuth(this.session);
    this.messages = new SqlMessages(this.session);
    this.mfa = new SqlMfa(this.session);
    this.federation = new SqlFederation(this.session);
    this.settings = new SqlSettings(this.session);
    this.imports = new SqlImports(this.session);
    this.oauth = new SqlOauth(this.session);
  }
  get db(): Db {
    return this.session.db;
  }
  get dialect(): Dialect {
    return this.session.dialect;
  }
  transaction<T>(fn: (tx: SqlStore) => Promise<T>): Promise<T> {
    return this.session.transaction((s) => fn(s === this.session ? this : new SqlStore(s)));
  }
}
