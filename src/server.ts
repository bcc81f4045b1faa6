import { hkdfSync, randomBytes } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createApp } from './app.ts';
import type { Deps } from './api/context.ts';
import { handlers } from './api/index.ts';
import { routes } from './routes.ts';
import { loadConfig, publicUrlOf, type Config } from './config/config.ts';
import { openDatabase } from './storage/sql/database.ts';
import { SqlStore } from './storage/sql/store.ts';
import { importRunnerFor } from './domain/import/runner.ts';
import { SigningKeyCache } from './domain/tokens/key-cache.ts';

export interface RunningServer {
  app: FastifyInstance;
  deps: Deps;
  url: string;
  port: number;
  close(): Promise<void>;
}

function parseKey(raw: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(raw) ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'base64');
  if (key.length !== 32) throw new Error('USERPOOL_MASTER_KEY must be 32 bytes, hex (64 digits) or base64');
  return key;
}

/** The configured master key, or the one kept in the data directory (generated on first start). */
export function loadMasterKey(config: Config): Buffer {
  if (config.masterKey) return parseKey(config.masterKey);
  const file = join(config.dataDir, 'master.key');
  if (existsSync(file)) return parseKey(readFileSync(file, 'utf8').trim());
  mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  return key;
}

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

/**
 * The configured certificate and key (USERPOOL_TLS_CERT / USERPOOL_TLS_KEY), read and checked
 * together up front so a wrong path or a key of another certificate stops the start with a
 * message instead of failing every handshake later. Undefined when the server speaks plain HTTP.
 */
export function loadTls(config: Config): TlsFiles | undefined {
  if (config.tlsCert === undefined || config.tlsKey === undefined) return undefined;
  const read = (name: string, path: string): Buffer => {
    try {
      return readFileSync(path);
    } catch (err) {
      throw new Error(`${name}: cannot read ${path}: ${(err as Error).message}`);
    }
  };
  const files = { cert: read('USERPOOL_TLS_CERT', config.tlsCert), key: read('USERPOOL_TLS_KEY', config.tlsKey) };
  try {
    createSecureContext(files);
  } catch (err) {
    throw new Error(`USERPOOL_TLS_CERT / USERPOOL_TLS_KEY (${config.tlsCert}, ${config.tlsKey}) are not a PEM certificate and its private key: ${(err as Error).message}`);
  }
  return files;
}

/** Composition root: config → TLS files → database (migrated) → keys → app → listen. */
export async function startServer(config: Config = loadConfig()): Promise<RunningServer> {
  const https = loadTls(config);
  const masterKey = loadMasterKey(config);
  const database = await openDatabase(config.databaseUrl);
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
  const app = createApp({ deps, handlers, routes, ...(https ? { https } : {}) });
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
