import { hkdfSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { createApp } from './http/app.ts';
import type { Deps } from './domain/context.ts';
import { handlers } from './api/index.ts';
import { routes } from './http/route-groups.ts';
import { devFeaturesOf, loadConfig, publicUrlOf, type Config } from './config/config.ts';
import { localImportFiles } from './adapters/import-files.ts';
import { emailSenderFor } from './adapters/mailer.ts';
import { checkDatabaseKey, loadMasterKey } from './adapters/master-key-file.ts';
import { smsSenderFor } from './adapters/sms-webhook.ts';
import { openDatabase } from './storage/sql/database.ts';
import type { Database } from './storage/sql/schema.ts';
import { SqlStore } from './storage/sql/store.ts';
import { importRunnerFor } from './domain/import/runner.ts';
import { SigningKeyCache } from './domain/tokens/key-cache.ts';
import { startPurgeJob } from './domain/housekeeping/purge.ts';
import { resetPools } from './domain/housekeeping/reset.ts';
import { registerReset } from './http/dev-routes/reset.ts';
import type { Dialect } from './storage/sql/dialect.ts';
import type { Seed } from './seed/seed-file.ts';
import { applySeed, type SeedSummary } from './seed/apply.ts';
import { LocalFunctions } from './adapters/lambda/local-functions.ts';
import { KmsCodeEncryptor } from './adapters/kms/kms-code-encryptor.ts';
import { FunctionSources, LambdaInvokeFunctions } from './adapters/lambda/lambda-invoke.ts';
import { FetchOidcRelyingParty } from './adapters/oidc/oidc-relying-party.ts';

export interface RunningServer {
  app: FastifyInstance;
  deps: Deps;
  /** The database behind `deps.store` (for tools and tests that inspect rows). */
  db: Kysely<Database>;
  url: string;
  port: number;
  /** What the seed did at start, one line per seeded pool (empty without a seed). */
  seedSummary: SeedSummary[];
  /** Deletes every pool (or one) with everything in it, then applies the seed again (that pool's entry). */
  reset(userPoolId?: string): Promise<ResetResult>;
  close(): Promise<void>;
}

export interface ResetResult {
  deletedUserPoolIds: string[];
  seeded: SeedSummary[];
}

export interface StartOptions {
  /** Pools, clients, users… created at start when missing, and again after a reset. */
  seed?: Seed;
  /** false: the seed is only for resets (a cluster primary applied it once for every worker). */
  applySeed?: boolean;
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

/** The domain's dependencies over an open database (the server's; the cluster primary's, to seed once). */
export function depsFor(config: Config, database: { db: Kysely<Database>; dialect: Dialect }, masterKey: Buffer, publicUrl: () => string): Deps {
  const email = emailSenderFor(config);
  const sms = smsSenderFor(config);
  const deps: Deps = {
    config,
    store: new SqlStore(database.db, database.dialect),
    now: () => Date.now(),
    masterKey,
    tokenKey: Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'userpool opaque tokens', 32)),
    publicUrl,
    importFiles: localImportFiles,
    functions: new FunctionSources(new LocalFunctions(config.lambdaDir), config.lambdaEndpoint !== undefined ? new LambdaInvokeFunctions(config.lambdaEndpoint, config.region) : undefined),
    codeEncryptor: new KmsCodeEncryptor(config.kmsEndpoint, config.region),
    oidc: new FetchOidcRelyingParty(),
    ...(email ? { email } : {}),
    ...(sms ? { sms } : {}),
  };
  deps.signingKeys = new SigningKeyCache(masterKey, () => deps.now());
  return deps;
}

/** Composition root: config → TLS files → database (migrated) → keys → seed → app → listen. */
export async function startServer(config: Config = loadConfig(), options: StartOptions = {}): Promise<RunningServer> {
  const https = loadTls(config);
  const masterKey = loadMasterKey(config);
  const database = await openDatabase(config.databaseUrl);
  await checkDatabaseKey(database.db, masterKey, config).catch(async (err: unknown) => {
    await database.close();
    throw err;
  });
  let boundPort = config.port;
  const deps = depsFor(config, database, masterKey, () => publicUrlOf(config, boundPort));
  let seedSummary: SeedSummary[] = [];
  try {
    if (options.seed && options.applySeed !== false) seedSummary = await applySeed(deps, options.seed);
  } catch (err) {
    await database.close();
    throw err;
  }
  const reset = async (userPoolId?: string): Promise<ResetResult> => {
    const deletedUserPoolIds = await resetPools(deps, userPoolId);
    const seeded = options.seed ? await applySeed(deps, options.seed, userPoolId) : [];
    return { deletedUserPoolIds, seeded };
  };
  const app = createApp({ deps, handlers, database, routes: [...routes, (a, d) => registerReset(a, d, reset)], ...(https ? { https } : {}) });
  if (config.signatureMode === 'verify' && devFeaturesOf(config).length > 0) {
    app.log.warn(`USERPOOL_FORCE_DEV_FEATURES=on: ${devFeaturesOf(config).join(' and ')} on in verify mode — codes and temporary passwords are readable by anyone who reaches this server`);
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
  const stopPurge = startPurgeJob(deps, (err) => app.log.error({ err }, 'purge of expired state failed'));
  let closing: Promise<void> | undefined;
  return {
    app,
    deps,
    db: database.db,
    url: publicUrlOf(config, boundPort),
    port: boundPort,
    seedSummary,
    reset,
    close: () => {
      stopPurge();
      deps.functions?.close?.();
      return (closing ??= app.close().then(() => database.close()));
    },
  };
}
