/**
 * The master key's identity: a fingerprint (HMAC-SHA256 of a constant under the key) that the
 * database records, so a server with another key is stopped at start-up with a message instead
 * of answering every sign-in with InternalErrorException; and the associated data of every
 * sealed value, for re-sealing under a new key.
 */
import { createHmac } from 'node:crypto';
import { open, seal } from './sealed.ts';
import { passwordAad } from '../users/password.ts';
import { totpAad } from '../mfa/totp.ts';
import { secretAad } from '../clients/client-config.ts';
import { signingKeyAad } from '../tokens/signing-keys.ts';
import { verifierAad } from '../devices/devices.ts';
import { detailsAad } from '../pool-settings/identity-providers.ts';

const FINGERPRINT_CONSTANT = 'userpool master key fingerprint v1';

/** 32 hex digits; reveals nothing about the key. */
export function masterKeyFingerprint(key: Buffer): string {
  return createHmac('sha256', key).update(FINGERPRINT_CONSTANT, 'utf8').digest('hex').slice(0, 32);
}

export const sealedContexts = {
  password: passwordAad,
  totp: totpAad,
  clientSecret: secretAad,
  signingKey: signingKeyAad,
  deviceVerifier: verifierAad,
  identityProvider: detailsAad,
};

/** Opens a base64 blob under `from` and seals it under `to`, keeping its associated data. */
export function resealer(from: Buffer, to: Buffer): (sealed: string, aad: string) => string {
  return (sealed, aad) => seal(to, open(from, Buffer.from(sealed, 'base64'), aad), aad).toString('base64');
}

/** Whether `key` opens a sealed value (for databases sealed before fingerprints were recorded). */
export function keyOpens(key: Buffer, sample: { sealed: string; aad: string }): boolean {
  try {
    open(key, Buffer.from(sample.sealed, 'base64'), sample.aad);
    return true;
  } catch {
    return false;
  }
}

export interface KeyStore {
  read(): Promise<string | undefined>;
  claim(fingerprint: string): Promise<string>;
  sample(): Promise<{ sealed: string; aad: string } | undefined>;
}

/** Where this server's key came from, and where a key file is looked for: for the error message. */
export interface KeySource {
  description: string;
  keyFile: string;
}

/** Records the key's fingerprint on first start and compares it afterwards. */
export async function checkMasterKey(key: Buffer, store: KeyStore, source: KeySource): Promise<void> {
  const mine = masterKeyFingerprint(key);
  let recorded = await store.read();
  if (recorded === undefined) {
    const sample = await store.sample();
    if (sample !== undefined && !keyOpens(key, sample)) recorded = 'another key (this database was sealed before fingerprints were recorded)';
    else recorded = await store.claim(mine);
  }
  if (recorded !== mine) {
    throw new Error(
      `The master key does not match this database: it was sealed with the key of fingerprint ${recorded}, this server's key has fingerprint ${mine} (${source.description}). ` +
        'Give this server the key that sealed the database: set USERPOOL_MASTER_KEY (64 hex digits or base64 of 32 bytes), ' +
        `or leave USERPOOL_MASTER_KEY unset and put the key in ${source.keyFile} (the file master.key in USERPOOL_DATA_DIR). ` +
        'Every node that shares a database needs the same key. To change keys, run `userpool rotate-master-key` with the old key configured.',
    );
  }
}
