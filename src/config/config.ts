import { readFileSync } from 'node:fs';
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
 * (`USERPOOL_CONFIG` or `--config`), environment variables, then explicit overrides (tests).
 */
export function loadConfig(env: Env = process.env, overrides: Partial<Config> = {}): Config {
  const filePath = env['USERPOOL_CONFIG'];
  const file: Partial<Config> = filePath ? (JSON.parse(readFileSync(filePath, 'utf8')) as Partial<Config>) : {};
  const host = overrides.host ?? env['HOST'] ?? file.host ?? '127.0.0.1';
  const modeRaw = overrides.signatureMode ?? env['USERPOOL_SIGV4'] ?? file.signatureMode;
  if (modeRaw !== undefined && modeRaw !== 'accept' && modeRaw !== 'verify') {
    throw new Error(`USERPOOL_SIGV4 must be "accept" or "verify", got "${modeRaw}"`);
  }
  const signatureMode: SignatureMode = modeRaw ?? (isLoopback(host) ? 'accept' : 'verify');
  const accessKeys = overrides.accessKeys ?? (env['USERPOOL_ACCESS_KEYS'] !== undefined ? parseAccessKeys(env['USERPOOL_ACCESS_KEYS']) : file.accessKeys ?? {});
  const outboxRaw = env['USERPOOL_OUTBOX'];
  const issuerRaw = overrides.issuerStyle ?? env['USERPOOL_ISSUER'] ?? file.issuerStyle ?? 'local';
  if (issuerRaw !== 'local' && issuerRaw !== 'aws') throw new Error(`USERPOOL_ISSUER must be "local" or "aws", got "${issuerRaw}"`);
  const config: Config = {
    port: overrides.port ?? parsePort(env['PORT'], file.port ?? 9339),
    host,
    databaseUrl: overrides.databaseUrl ?? env['DATABASE_URL'] ?? file.databaseUrl ?? 'sqlite:./.userpool/userpool.db',
    dataDir: overrides.dataDir ?? env['USERPOOL_DATA_DIR'] ?? file.dataDir ?? './.userpool',
    masterKey: overrides.masterKey ?? env['USERPOOL_MASTER_KEY'] ?? file.masterKey,
    publicUrl: overrides.publicUrl ?? env['USERPOOL_PUBLIC_URL'] ?? file.publicUrl,
    issuerStyle: issuerRaw,
    region: overrides.region ?? env['AWS_REGION'] ?? env['AWS_DEFAULT_REGION'] ?? file.region ?? 'us-east-1',
    accountId: overrides.accountId ?? env['USERPOOL_ACCOUNT_ID'] ?? file.accountId ?? '123456789012',
    signatureMode,
    accessKeys,
    outboxEndpoint: overrides.outboxEndpoint ?? (outboxRaw !== undefined ? outboxRaw === 'on' : file.outboxEndpoint ?? signatureMode === 'accept'),
    fixedCode: overrides.fixedCode ?? env['USERPOOL_FIXED_CODE'] ?? file.fixedCode,
    smtpUrl: overrides.smtpUrl ?? env['USERPOOL_SMTP_URL'] ?? file.smtpUrl,
    smtpFrom: overrides.smtpFrom ?? env['USERPOOL_SMTP_FROM'] ?? file.smtpFrom ?? 'no-reply@userpool.local',
    smsWebhook: overrides.smsWebhook ?? env['USERPOOL_SMS_WEBHOOK'] ?? file.smsWebhook,
    logLevel: overrides.logLevel ?? env['LOG_LEVEL'] ?? file.logLevel ?? 'info',
    allowedHosts: (overrides.allowedHosts ?? parseList(env['USERPOOL_ALLOWED_HOSTS']) ?? file.allowedHosts ?? []).map((h) => h.toLowerCase()),
    corsOrigins: overrides.corsOrigins ?? parseList(env['USERPOOL_CORS_ORIGINS']) ?? file.corsOrigins ?? (signatureMode === 'accept' ? ['http://localhost:*', 'http://127.0.0.1:*'] : []),
    forceDevFeatures: overrides.forceDevFeatures ?? (env['USERPOOL_FORCE_DEV_FEATURES'] !== undefined ? env['USERPOOL_FORCE_DEV_FEATURES'] === 'on' : file.forceDevFeatures ?? false),
    bodyTimeoutMs: overrides.bodyTimeoutMs ?? parseCount('USERPOOL_BODY_TIMEOUT', env['USERPOOL_BODY_TIMEOUT'], (file.bodyTimeoutMs ?? 10_000) / 1000, 3600) * 1000,
    uploadTimeoutMs: overrides.uploadTimeoutMs ?? parseCount('USERPOOL_UPLOAD_TIMEOUT', env['USERPOOL_UPLOAD_TIMEOUT'], (file.uploadTimeoutMs ?? 300_000) / 1000, 86_400) * 1000,
    maxConnections: overrides.maxConnections ?? parseCount('USERPOOL_MAX_CONNECTIONS', env['USERPOOL_MAX_CONNECTIONS'], file.maxConnections ?? 1024, 1_000_000),
    tlsCert: overrides.tlsCert ?? (env['USERPOOL_TLS_CERT'] || undefined) ?? file.tlsCert,
    tlsKey: overrides.tlsKey ?? (env['USERPOOL_TLS_KEY'] || undefined) ?? file.tlsKey,
    outboxRetentionMs: overrides.outboxRetentionMs ?? parseCount('USERPOOL_OUTBOX_RETENTION', env['USERPOOL_OUTBOX_RETENTION'], (file.outboxRetentionMs ?? 86_400_000) / 1000, 31_536_000) * 1000,
    purgeIntervalMs: overrides.purgeIntervalMs ?? parseCount('USERPOOL_PURGE_INTERVAL', env['USERPOOL_PURGE_INTERVAL'], (file.purgeIntervalMs ?? 300_000) / 1000, 86_400) * 1000,
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

/** The development features that give away secrets (the outbox, a fixed code), by their variable names. */
export function devFeaturesOf(config: Config): string[] {
  return [...(config.outboxEndpoint ? ['USERPOOL_OUTBOX'] : []), ...(config.fixedCode !== undefined ? ['USERPOOL_FIXED_CODE'] : [])];
}

/**
 * How many processes `npm start` serves from: `--workers` (given as `flag`), else env
 * `USERPOOL_WORKERS`; a whole number from 1 to 256, or `auto` for one per core; default 1.
 * Kept out of `loadConfig`: only `npm start`'s cluster primary reads it, so a bad value stops
 * nothing else (the CLI, a worker).
 */
export function workerCountOf(flag: string | undefined, env: Env = process.env): number {
  const raw = flag ?? env['USERPOOL_WORKERS'] ?? '1';
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
