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

/** One secret of an app client (ClientSecretDescriptorType): sealed like `ClientRecord.secretSealed`. */
export interface ClientSecretEntry {
  /** `<client id>--<epoch ms of creation>`, as AWS forms ClientSecretId. */
  id: string;
  sealed: string;
  createdAt: number;
}

/** App clients and their secrets. */
export interface ClientsStore {
  insertClient(c: ClientRecord): Promise<void>;
  updateClient(c: ClientRecord): Promise<void>;
  findClient(poolId: string, id: string): Promise<ClientRecord | undefined>;
  /** A client by id alone (public operations name only the ClientId). */
  findClientById(id: string): Promise<ClientRecord | undefined>;
  listClients(poolId: string, afterId: string | undefined, limit: number): Promise<ClientRecord[]>;
  deleteClient(poolId: string, id: string): Promise<boolean>;
  /** The client, its row locked until the transaction ends (PostgreSQL; SQLite transactions are serialised). */
  findClientForUpdate(poolId: string, id: string): Promise<ClientRecord | undefined>;
  /** The client's secrets: the complete list and the one `secret_sealed` shows (its first). */
  setClientSecrets(poolId: string, id: string, secretSealed: string, secrets: ClientSecretEntry[]): Promise<void>;
}
