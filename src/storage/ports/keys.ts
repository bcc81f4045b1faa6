export interface SigningKeyRecord {
  kid: string;
  poolId: string;
  privateSealed: string;
  publicJwk: Record<string, unknown>;
  active: boolean;
  createdAt: number;
}

/** Token signing keys (sealed) per pool. */
export interface KeysStore {
  insertSigningKey(k: SigningKeyRecord): Promise<void>;
  listSigningKeys(poolId: string): Promise<SigningKeyRecord[]>;
  setActiveSigningKey(poolId: string, kid: string): Promise<void>;
}
