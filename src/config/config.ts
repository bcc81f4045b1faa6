import { readConfigFile } from './config-file.ts';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';

export type SignatureMode = 'accept' | 'verify';

/** Every setting the server reads at start-up, with its documented default (see README). */
export interface Config {
  /** TCP port; 0 picks a free one (tests). Env `PORT`, default 9339. */
  port: number;
  /** Listen address. Env `HOST`, default 127.0.0.1. */
  host: string;
  /** `sqlite:<path>`, `sqlite::memory:` or `postgres://…`. Env `DATABASE_URL`, default `sqlite:./.userpool/userpool.db`. */
  databaseUrl: string;
  /** Where the master key is kept when none is given. Env `USERPOOL_DATA_DIR`, default `./.userpool`. */
  dataDir: string;
  /** 32-byte master key (hex or base64) for secrets at rest. Env `USERPOOL_MASTER_KEY`; default: generated into dataDir/master.key. */
  masterKey: string | undefined;
  /** Base URL for issuers, discovery documents and presigned URLs. Env `USERPOOL_PUBLIC_URL`, default http://HOST:PORT (https:// with TLS). */
  publicUrl: string | undefined;
  /** Token issuer style: `local` = `${publicUrl}/{poolId}`, `aws` = `https://cognito-idp.{region}.amazonaws.com/{poolId}`. Env `USERPOOL_ISSUER`, default local. */
  issuerStyle: 'local' | 'aws';
  /** Default region when a request carries no SigV4 scope. Env `AWS_REGION`, default us-east-1. */
  region: string;
  /** Account id used in ARNs. Env `USERPOOL_ACCOUNT_ID`, default 123456789012. */
  accountId: string;
  /** SigV4 handling. Env `USERPOOL_SIGV4`: `accept` (default on loopback) or `verify` (default elsewhere). */
  signatureMode: SignatureMode;
  /** Access keys accepted in verify mode. Env `USERPOOL_ACCESS_KEYS` = `AKID:secret,AKID2:secret2`. */
  accessKeys: Record<string, string>;
  /** Development outbox at GET /_userpool/messages. Env `USERPOOL_OUTBOX`: `on`/`off`; default on unless verify mode. */
  outboxEndpoint: boolean;
  /** A fixed code for every confirmation/reset code (test setups only). Env `USERPOOL_FIXED_CODE`, default off. */
  fixedCode: string | undefined;
  /** SMTP URL for email delivery (nodemailer), e.g. smtp://localhost:2525. Env `USERPOOL_SMTP_URL`, default none. */
  smtpUrl: string | undefined;
  /** Sender address for email. Env `USERPOOL_SMTP_FROM`, default no-reply@userpool.local. */
  smtpFrom: string;
  /** Webhook that receives SMS messages as JSON POSTs. Env `USERPOOL_SMS_WEBHOOK`, default none. */
  smsWebhook: string | undefined;
  /** pino log level. Env `LOG_LEVEL`, default info (`silent` in tests). */
  logLevel: string;
  /** Extra names the Host header may carry (`name`, `*.suffix`, or `*` for any). Env `USERPOOL_ALLOWED_HOSTS`, comma-separated; default none. */
  allowedHosts: string[];
  /** Origins whose pages may call IAM-authenticated operations and /_userpool/*. Env `USERPOOL_CORS_ORIGINS`; default `http://localhost:*,http://127.0.0.1:*` in accept mode, none in verify mode. */
  corsOrigins: string[];
  /** Allow the outbox / fixed code in verify mode (refused otherwise). Env `USERPOOL_FORCE_DEV_FEATURES=on`, default off. */
  forceDevFeatures: boolean;
  /** Time for a request's body to arrive, ms (import uploads get `uploadTimeoutMs`). Env `USERPOOL_BODY_TIMEOUT` in seconds, default 10. */
  bodyTimeoutMs: number;
  /** Time for an import upload's body, ms. Env `USERPOOL_UPLOAD_TIMEOUT` in seconds, default 300. */
  uploadTimeoutMs: number;
  /** Simultaneous TCP connections; more are closed at once. Env `USERPOOL_MAX_CONNECTIONS`, default 1024. */
  maxConnections: number;
  /** PEM certificate (chain) file; with `tlsKey` the server speaks HTTPS. Env `USERPOOL_TLS_CERT`, default none (plain HTTP). */
  tlsCert: string | undefined;
  /** PEM private key file of `tlsCert`. Env `USERPOOL_TLS_KEY`, default none. */
  tlsKey: string | undefined;
  /** How long outbox messages are kept, ms. Env `USERPOOL_OUTBOX_RETENTION` in seconds, default 86400 (one day). */
  outboxRetentionMs: number;
  /** How often expired codes, sessions and old outbox messages are purged, ms. Env `USERPOOL_PURGE_INTERVAL` in seconds, default 300. */
  purgeIntervalMs: number;
  /** Seed file applied at start and after a reset (src/seed/). Env `USERPOOL_SEED`, flag `--seed`; default none. */
  seedFile: string | undefined;
  /** The functions folder: Lambda triggers run from `<dir>/<function name>.mjs` (src/adapters/lambda/). Env `USERPOOL_LAMBDA_DIR`, flag `--lambda-dir`; default none. */
  lambdaDir: string | undefined;
  /** AWS Lambda's Invoke API for functions the folder lacks (LocalStack, AWS…). Env `USERPOOL_LAMBDA_ENDPOINT`; default none. */
  lambdaEndpoint: string | undefined;
  /** AWS KMS for the custom sender triggers' codes (LocalStack, AWS…). Env `USERPOOL_KMS_ENDPOINT`; default AWS's endpoint of the key's region. */
  kmsEndpoint: string | undefined;
  /** Log lines: `pretty` (a banner, for people) or `json`. Env `USERPOOL_LOG`, flag `--log`; default `auto`: `userpool serve` is pretty on a terminal, JSON otherwise. */
  logFormat: 'pretty' | 'json' | 'auto';
  /** Processes to serve from, as given (`workerCountOf` reads it). Env `USERPOOL_WORKERS`, flag `--workers`; default 1. */
  workers: string | undefined;
}

type Env = Record<string, string | undefined>;

function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

function parseAccessKeys(raw: string | undefined): Record<string, string> {
  const keys: Record<string, string> = {};
  for (const pair of (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const i = pair.indexOf(':');
    if (i <= 0) throw new Error(`USERPOOL_ACCESS_KEYS: expected AKID:secret, got "${pair}"`);
    keys[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return keys;
}

function parseList(raw: string | undefined): string[] | undefined {
  return raw === undefined ? undefined : raw.split(',').map((s) => s.trim()).filter(Boolean);
}

function parseCount(name: string, raw: string | number | undefined, fallback: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new Error(`${name} must be a whole number from 1 to ${max}, got "${raw}"`);
  return n;
}

function parsePort(raw: string | number | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`PORT must be 0–65535, got "${raw}"`);
  return n;
}

/**
 * Builds the config from (lowest to highest precedence) defaults, an optional JSON config file
 * (`USERPOOL_CONFIG`, or `--config` given as overrides' `configFile`: src/config/config-file.ts),
 * environment variables, then explicit overrides (command-line flags, tests).
 */
export function loadConfig(envIn: Env = process.env, overrides: Partial<Config> & { configFile?: string } = {}): Config {
  const filePath = overrides.configFile ?? envIn['USERPOOL_CONFIG'];
  const env: Env = filePath ? { ...readConfigFile(filePath), ...definedOnly(envIn) } : envIn;
  const host = overrides.host ?? env['HOST'] ?? '127.0.0.1';
  const modeRaw = overrides.signatureMode ?? env['USERPOOL_SIGV4'];
  if (modeRaw !== undefined && modeRaw !== 'accept' && modeRaw !== 'verify') {
    throw new Error(`USERPOOL_SIGV4 must be "accept" or "verify", got "${modeRaw}"`);
  }
  const signatureMode: SignatureMode = modeRaw ?? (isLoopback(host) ? 'accept' : 'verify');
  const accessKeys = overrides.accessKeys ?? parseAccessKeys(env['USERPOOL_ACCESS_KEYS']);
  const issuerRaw = overrides.issuerStyle ?? env['USERPOOL_ISSUER'] ?? 'local';
  if (issuerRaw !== 'local' && issuerRaw !== 'aws') throw new Error(`USERPOOL_ISSUER must be "local" or "aws", got "${issuerRaw}"`);
  const logRaw = overrides.logFormat ?? env['USERPOOL_LOG'];
  if (logRaw !== undefined && logRaw !== 'pretty' && logRaw !== 'json' && logRaw !== 'auto') throw new Error(`USERPOOL_LOG (--log) must be "pretty" or "json", got "${logRaw}"`);
  const config: Config = {
    port: overrides.port ?? parsePort(env['PORT'], 9339),
    host,
    databaseUrl: overrides.databaseUrl ?? env['DATABASE_URL'] ?? 'sqlite:./.userpool/userpool.db',
    dataDir: overrides.dataDir ?? env['USERPOOL_DATA_DIR'] ?? './.userpool',
    masterKey: overrides.masterKey ?? env['USERPOOL_MASTER_KEY'],
    publicUrl: overrides.publicUrl ?? env['USERPOOL_PUBLIC_URL'],
    issuerStyle: issuerRaw,
    region: overrides.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? 'us-east-1',
    accountId: overrides.accountId ?? env['USERPOOL_ACCOUNT_ID'] ?? '123456789012',
    signatureMode,
    accessKeys,
    outboxEndpoint: overrides.outboxEndpoint ?? parseSwitch('USERPOOL_OUTBOX', env['USERPOOL_OUTBOX']) ?? signatureMode === 'accept',
    fixedCode: overrides.fixedCode ?? env['USERPOOL_FIXED_CODE'],
    smtpUrl: overrides.smtpUrl ?? env['USERPOOL_SMTP_URL'],
    smtpFrom: overrides.smtpFrom ?? env['USERPOOL_SMTP_FROM'] ?? 'no-reply@userpool.local',
    smsWebhook: overrides.smsWebhook ?? env['USERPOOL_SMS_WEBHOOK'],
    logLevel: overrides.logLevel ?? env['LOG_LEVEL'] ?? 'info',
    allowedHosts: (overrides.allowedHosts ?? parseList(env['USERPOOL_ALLOWED_HOSTS']) ?? []).map((h) => h.toLowerCase()),
    corsOrigins: overrides.corsOrigins ?? parseList(env['USERPOOL_CORS_ORIGINS']) ?? (signatureMode === 'accept' ? ['http://localhost:*', 'http://127.0.0.1:*'] : []),
    forceDevFeatures: overrides.forceDevFeatures ?? parseSwitch('USERPOOL_FORCE_DEV_FEATURES', env['USERPOOL_FORCE_DEV_FEATURES']) ?? false,
    bodyTimeoutMs: overrides.bodyTimeoutMs ?? parseCount('USERPOOL_BODY_TIMEOUT', env['USERPOOL_BODY_TIMEOUT'], 10, 3600) * 1000,
    uploadTimeoutMs: overrides.uploadTimeoutMs ?? parseCount('USERPOOL_UPLOAD_TIMEOUT', env['USERPOOL_UPLOAD_TIMEOUT'], 300, 86_400) * 1000,
    maxConnections: overrides.maxConnections ?? parseCount('USERPOOL_MAX_CONNECTIONS', env['USERPOOL_MAX_CONNECTIONS'], 1024, 1_000_000),
    tlsCert: overrides.tlsCert ?? (env['USERPOOL_TLS_CERT'] || undefined),
    tlsKey: overrides.tlsKey ?? (env['USERPOOL_TLS_KEY'] || undefined),
    outboxRetentionMs: overrides.outboxRetentionMs ?? parseCount('USERPOOL_OUTBOX_RETENTION', env['USERPOOL_OUTBOX_RETENTION'], 86_400, 31_536_000) * 1000,
    purgeIntervalMs: overrides.purgeIntervalMs ?? parseCount('USERPOOL_PURGE_INTERVAL', env['USERPOOL_PURGE_INTERVAL'], 300, 86_400) * 1000,
    seedFile: overrides.seedFile ?? (env['USERPOOL_SEED'] || undefined),
    lambdaDir: overrides.lambdaDir ?? (env['USERPOOL_LAMBDA_DIR'] || undefined),
    lambdaEndpoint: overrides.lambdaEndpoint ?? (env['USERPOOL_LAMBDA_ENDPOINT'] || undefined),
    kmsEndpoint: overrides.kmsEndpoint ?? (env['USERPOOL_KMS_ENDPOINT'] || undefined),
    logFormat: logRaw ?? 'auto',
    workers: overrides.workers ?? env['USERPOOL_WORKERS'],
  };
  if (config.signatureMode === 'verify' && Object.keys(config.accessKeys).length === 0) {
    throw new Error('SigV4 mode "verify" needs access keys: set USERPOOL_ACCESS_KEYS=AKID:secret (or listen on a loopback HOST for "accept" mode)');
  }
  if (config.fixedCode !== undefined && !/^\d{6}$/.test(config.fixedCode)) throw new Error('USERPOOL_FIXED_CODE must be 6 digits');
  const devFeatures = devFeaturesOf(config);
  if (config.signatureMode === 'verify' && devFeatures.length > 0 && !config.forceDevFeatures) {
    throw new Error(`${devFeatures.join(' and ')} hand codes and temporary passwords to anyone who asks: refused in SigV4 "verify" mode. Turn them off, or set USERPOOL_FORCE_DEV_FEATURES=on to run them anyway.`);
  }
  if ((config.tlsCert === undefined) !== (config.tlsKey === undefined)) {
    throw new Error('USERPOOL_TLS_CERT and USERPOOL_TLS_KEY go together: set both (PEM files of the certificate and its private key) for HTTPS, or neither for HTTP');
  }
  return config;
}

function definedOnly(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined));
}

/** `on` / `off` (also true/false, 1/0); undefined when unset. */
function parseSwitch(name: string, raw: string | undefined): boolean | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (['on', 'true', '1'].includes(raw)) return true;
  if (['off', 'false', '0'].includes(raw)) return false;
  throw new Error(`${name} must be "on" or "off", got "${raw}"`);
}

/** The development features that give away secrets (the outbox, a fixed code), by their variable names. */
export function devFeaturesOf(config: Config): string[] {
  return [...(config.outboxEndpoint ? ['USERPOOL_OUTBOX'] : []), ...(config.fixedCode !== undefined ? ['USERPOOL_FIXED_CODE'] : [])];
}

/**
 * How many processes `userpool serve` serves from: `--workers` / `USERPOOL_WORKERS` / the file's
 * `workers` (config.workers), a whole number from 1 to 256, or `auto` for one per core; default 1.
 * Read only by serve's cluster primary, so a bad value stops nothing else (the CLI, a worker).
 */
export function workerCountOf(raw: string | undefined): number {
  if (raw === undefined || raw === '') return 1;
  if (raw === 'auto') return availableParallelism();
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new Error(`--workers (USERPOOL_WORKERS) must be a whole number from 1 to 256, or "auto"; got "${raw}"`);
  return n;
}

export function publicUrlOf(config: Config, boundPort: number): string {
  if (config.publicUrl) return config.publicUrl.replace(/\/+$/, '');
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const scheme = config.tlsCert !== undefined ? 'https' : 'http';
  return `${scheme}://${host.includes(':') ? `[${host}]` : host}:${boundPort}`;
}
