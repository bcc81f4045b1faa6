import { hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createApp } from './app.ts';
import type { Deps } from './api/context.ts';
import { handlers } from './api/index.ts';
import { routes } from './routes.ts';
import { devFeaturesOf, loadConfig, publicUrlOf, type Config } from './config/config.ts';
import { openDatabase } from './storage/sql/database.ts';
import { SqlStore } from './storage/sql/store.ts';
import { importRunnerFor } from './domain/import/runner.ts';
import { SigningKeyCache } from './domain/tokens/key-cache.ts';
import { checkMasterKey, sealedContexts, type KeySource } from './domain/crypto/master-key.ts';
import { claimMasterKeyFingerprint, readMasterKeyFingerprint, sampleSealedValue } from './storage/sql/master-key-store.ts';

export interface RunningServer {
  app: FastifyInstance;
  deps: Deps;
  url: string;
  port: number;
  close(): Promise<void>;
}

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

/** Composition root: config → database (migrated) → keys → app → listen. */
export async function startServer(config: Config = loadConfig()): Promise<RunningServer> {
  const masterKey = loadMasterKey(config);
  const database = await openDatabase(config.databaseUrl);
  try {
    await checkMasterKey(masterKey, {
      read: () => readMasterKeyFingerprint(database.db),
      claim: (fingerprint) => claimMasterKeyFingerprint(database.db, fingerprint, Date.now()),
      sample: () => sampleSealedValue(database.db, sealedContexts),
    }, masterKeySource(config));
  } catch (err) {
    await database.close();
    throw err;
  }
  let boundPort = config.port;
  const deps: Deps = {
    config,
    store: new SqlStore(database.db, database.dialect),
    now: () => Date.now(),
    masterKey,
    tokenKey: Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'userpool opaque tokens', 32)),
    publicUrl: () => publicUrlOf(config, boundPort),
  };
  deps.signingKeys = new SigningKeyCache(masterKey, () => deps.now());
  const app = createApp({ deps, handlers, routes });
  if (config.signatureMode === 'verify' && devFeaturesOf(config).length > 0) {
    app.log.warn({ features: devFeaturesOf(config) }, `USERPOOL_FORCE_DEV_FEATURES=on: ${devFeaturesOf(config).join(' and ')} on in verify mode — codes and temporary passwords are readable by anyone who reaches this server`);
  }
  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await database.close();
    throw err;
  }
  const address = app.server.address();
  boundPort = typeof address === 'object' && address !== null ? address.port : config.port;
  // ---- import jobs: resume (or honestly fail) jobs a previous run left unfinished (src/domain/import/runner.ts) ----
  await importRunnerFor(deps, app.log).recover().catch((err: unknown) => app.log.error({ err }, 'import job recovery failed'));
  let closing: Promise<void> | undefined;
  return {
    app,
    deps,
    url: publicUrlOf(config, boundPort),
    port: boundPort,
    close: () => (closing ??= app.close().then(() => database.close())),
  };
}
