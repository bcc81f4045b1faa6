/**
 * Per-server cache of the pools' signing keys: private keys as node KeyObjects (signing runs in
 * node's thread pool, see issue.ts), public keys as jose keys (verification). A private key is
 * unsealed and imported once per `kid` (keys never change once written); which kid is *active*
 * for a pool is re-read after a short TTL so a rotation done by another node is picked up.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { importJWK, type CryptoKey, type JWK } from 'jose';
import { open } from '../crypto/sealed.ts';
import { signingKeyAad } from './signing-keys.ts';
import type { KeysStore, SigningKeyRecord } from '../../storage/ports/index.ts';

/** What the cache needs from storage. */
export interface ActiveSigningKey {
  kid: string;
  /** The RSA private key (RS256). */
  key: KeyObject;
}

const ACTIVE_TTL_MS = 30_000;
/** Unknown kids are looked up again at most this often per pool (forged tokens must not hammer storage). */
const MISS_TTL_MS = 5_000;

export class SigningKeyCache {
  readonly #masterKey: Buffer;
  readonly #now: () => number;
  readonly #private = new Map<string, KeyObject>();
  readonly #public = new Map<string, { poolId: string; key: Promise<CryptoKey> }>();
  readonly #active = new Map<string, { kid: string; record: SigningKeyRecord; at: number }>();
  readonly #misses = new Map<string, number>();

  constructor(masterKey: Buffer, now: () => number) {
    this.#masterKey = masterKey;
    this.#now = now;
  }

  #privateKey(record: SigningKeyRecord): KeyObject {
    let key = this.#private.get(record.kid);
    if (key === undefined) {
      const pem = open(this.#masterKey, Buffer.from(record.privateSealed, 'base64'), signingKeyAad(record.kid)).toString('utf8');
      key = createPrivateKey(pem);
      if (key.asymmetricKeyType !== 'rsa') throw new Error(`signing key ${record.kid} is not an RSA key`);
      this.#private.set(record.kid, key);
    }
    return key;
  }

  #remember(records: SigningKeyRecord[]): void {
    for (const r of records) {
      if (!this.#public.has(r.kid)) {
        const key = importJWK({ ...(r.publicJwk as JWK), alg: 'RS256' }, 'RS256') as Promise<CryptoKey>;
        this.#public.set(r.kid, { poolId: r.poolId, key });
      }
    }
    const active = [...records].reverse().find((r) => r.active) ?? records[records.length - 1];
    const first = records[0];
    if (active !== undefined && first !== undefined) this.#active.set(first.poolId, { kid: active.kid, record: active, at: this.#now() });
  }

  /** The key that signs new tokens for the pool. Throws when the pool has no key. */
  async activeKey(keys: KeysStore, poolId: string): Promise<ActiveSigningKey> {
    let entry = this.#active.get(poolId);
    if (entry === undefined || this.#now() - entry.at > ACTIVE_TTL_MS) {
      this.#remember(await keys.listSigningKeys(poolId));
      entry = this.#active.get(poolId);
    }
    if (entry === undefined) throw new Error(`user pool ${poolId} has no signing key`);
    return { kid: entry.kid, key: this.#privateKey(entry.record) };
  }

  /** The public key `kid` of the pool, or undefined when the pool has no such key. */
  async verificationKey(keys: KeysStore, poolId: string, kid: string): Promise<CryptoKey | undefined> {
    let entry = this.#public.get(kid);
    if (entry === undefined) {
      const missKey = `${poolId}\u0000${kid}`;
      const lastMiss = this.#misses.get(missKey);
      if (lastMiss !== undefined && this.#now() - lastMiss < MISS_TTL_MS) return undefined;
      this.#remember(await keys.listSigningKeys(poolId));
      entry = this.#public.get(kid);
      if (entry === undefined) {
        if (this.#misses.size > 10_000) this.#misses.clear();
        this.#misses.set(missKey, this.#now());
        return undefined;
      }
    }
    if (entry.poolId !== poolId) return undefined;
    return entry.key;
  }

  /** Forget what is known about a pool's active key (after a rotation on this node). */
  invalidate(poolId: string): void {
    this.#active.delete(poolId);
  }
}
