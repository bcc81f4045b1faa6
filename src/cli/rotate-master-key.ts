/**
 * `userpool rotate-master-key`: re-seals every sealed value (password verifiers, TOTP secrets,
 * client secrets, signing keys, device verifiers, identity provider details) under a new master
 * key in one transaction, and records the new key's fingerprint. Servers must be stopped first
 * (a running one keeps the old key and refuses to start again with it).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import type { Config } from '../config/config.ts';
import { masterKeyFingerprint, resealer, sealedContexts } from '../domain/crypto/master-key.ts';
import { checkDatabaseKey, loadMasterKey, parseKey } from '../adapters/master-key-file.ts';
import { openDatabase } from '../storage/sql/database.ts';
import { resealAll } from '../storage/sql/master-key-store.ts';

export interface RotateCommand {
  config: Config;
  /** File holding the new key (hex or base64); a new random key when absent. */
  newKeyFile: string | undefined;
  out: Writable;
  err: Writable;
}

export async function rotateMasterKeyCommand(cmd: RotateCommand): Promise<number> {
  const { config } = cmd;
  // The server's database first: a missing one is an error, not a new empty database with a new key.
  const database = await openDatabase(config.databaseUrl, { mustExist: true });
  try {
    const oldKey = loadMasterKey(config);
    const newKey = cmd.newKeyFile !== undefined ? parseKey(readFileSync(cmd.newKeyFile, 'utf8').trim()) : randomBytes(32);
    if (newKey.equals(oldKey)) {
      cmd.err.write('userpool rotate-master-key: the new key is the current key\n');
      return 2;
    }
    const keyFile = join(config.dataDir, 'master.key');
    const fromFile = !config.masterKey;
    await checkDatabaseKey(database.db, oldKey, config);
    // The new key is on disk before the database depends on it.
    const pending = `${keyFile}.new`;
    if (fromFile) writeFileSync(pending, `${newKey.toString('hex')}\n`, { mode: 0o600 });
    let counts;
    try {
      counts = await resealAll(database.db, resealer(oldKey, newKey), sealedContexts, masterKeyFingerprint(newKey), Date.now());
    } catch (err) {
      if (fromFile) rmSync(pending, { force: true });
      throw err;
    }
    if (fromFile) renameSync(pending, keyFile);
    cmd.err.write(
      `re-sealed ${counts.passwords} password verifiers, ${counts.totpSecrets} TOTP secrets, ${counts.clientSecrets} client secrets, ` +
        `${counts.signingKeys} signing keys, ${counts.deviceVerifiers} device verifiers, ${counts.identityProviders} identity providers; ` +
        `new key fingerprint ${masterKeyFingerprint(newKey)}\n`,
    );
    if (fromFile) {
      cmd.err.write(`the new key is in ${resolve(keyFile)}: copy it to every node that shares this database, then start the servers\n`);
    } else if (cmd.newKeyFile === undefined) {
      cmd.out.write(`${newKey.toString('hex')}\n`);
      cmd.err.write('set USERPOOL_MASTER_KEY to the key above (printed on standard output) on every node, then start the servers\n');
    } else {
      cmd.err.write(`set USERPOOL_MASTER_KEY to the key in ${cmd.newKeyFile} on every node, then start the servers\n`);
    }
    return 0;
  } finally {
    await database.close();
  }
}
