/**
 * The server's master key: from USERPOOL_MASTER_KEY or the key file in the data directory
 * (generated on first start, 0600 in a 0700 directory), checked against the fingerprint the
 * database recorded (src/domain/crypto/master-key.ts) by the server, the cluster primary and
 * `userpool rotate-master-key` alike.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../config/config.ts';
import { checkMasterKey, sealedContexts, type KeySource } from '../domain/crypto/master-key.ts';
import type { Database } from '../storage/sql/schema.ts';
import { claimMasterKeyFingerprint, readMasterKeyFingerprint, sampleSealedValue } from '../storage/sql/master-key-store.ts';

export function parseKey(raw: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new Error('USERPOOL_MASTER_KEY must be 32 bytes, hex (64 digits) or base64');
  return key;
}

/** The data directory, created private (0700); an existing one is made private when we may. */
export function ensureDataDir(config: Config): void {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  try {
    chmodSync(config.dataDir, 0o700);
  } catch {
    // Not ours (e.g. a mounted volume owned by another user): leave its mode as the owner set it.
  }
}

/** The configured master key, or the one kept in the data directory (generated on first start). */
export function loadMasterKey(config: Config): Buffer {
  if (config.masterKey) return parseKey(config.masterKey);
  const file = join(config.dataDir, 'master.key');
  ensureDataDir(config);
  if (existsSync(file)) return parseKey(readFileSync(file, 'utf8').trim());
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

/** Where the master key came from and where its file is looked for, for messages. */
export function masterKeySource(config: Config): KeySource {
  const keyFile = resolve(config.dataDir, 'master.key');
  return { description: config.masterKey ? 'from USERPOOL_MASTER_KEY' : `from the key file ${keyFile} (USERPOOL_DATA_DIR=${config.dataDir}; no USERPOOL_MASTER_KEY set)`, keyFile };
}

/** Throws (with what to do) when the database was sealed with another key; records the key on first start. */
export function checkDatabaseKey(db: Kysely<Database>, key: Buffer, config: Config): Promise<void> {
  return checkMasterKey(key, {
    read: () => readMasterKeyFingerprint(db),
    claim: (fingerprint) => claimMasterKeyFingerprint(db, fingerprint, Date.now()),
    sample: () => sampleSealedValue(db, sealedContexts),
  }, masterKeySource(config));
}
