/**
 * The config file (`--config <file>` / `USERPOOL_CONFIG`): a JSON object with one key per
 * environment variable of README "Configuration" — the variable's name in camelCase without
 * `USERPOOL_` (`PORT` → `port`, `DATABASE_URL` → `databaseUrl`, `USERPOOL_BODY_TIMEOUT` →
 * `bodyTimeout`), in the variable's own unit. It is read as a layer of variables under the real
 * environment. An unknown key or a value of the wrong type stops the start with its name (and the
 * closest valid key): a typo is never silently ignored.
 */
import { readFileSync } from 'node:fs';
import { closest } from './suggest.ts';

/** File key → environment variable. */
export const CONFIG_FILE_KEYS: Readonly<Record<string, string>> = {
  port: 'PORT',
  host: 'HOST',
  databaseUrl: 'DATABASE_URL',
  dataDir: 'USERPOOL_DATA_DIR',
  masterKey: 'USERPOOL_MASTER_KEY',
  publicUrl: 'USERPOOL_PUBLIC_URL',
  issuer: 'USERPOOL_ISSUER',
  region: 'AWS_REGION',
  accountId: 'USERPOOL_ACCOUNT_ID',
  sigv4: 'USERPOOL_SIGV4',
  accessKeys: 'USERPOOL_ACCESS_KEYS',
  outbox: 'USERPOOL_OUTBOX',
  fixedCode: 'USERPOOL_FIXED_CODE',
  forceDevFeatures: 'USERPOOL_FORCE_DEV_FEATURES',
  allowedHosts: 'USERPOOL_ALLOWED_HOSTS',
  corsOrigins: 'USERPOOL_CORS_ORIGINS',
  bodyTimeout: 'USERPOOL_BODY_TIMEOUT',
  uploadTimeout: 'USERPOOL_UPLOAD_TIMEOUT',
  maxConnections: 'USERPOOL_MAX_CONNECTIONS',
  outboxRetention: 'USERPOOL_OUTBOX_RETENTION',
  purgeInterval: 'USERPOOL_PURGE_INTERVAL',
  smtpUrl: 'USERPOOL_SMTP_URL',
  smtpFrom: 'USERPOOL_SMTP_FROM',
  smsWebhook: 'USERPOOL_SMS_WEBHOOK',
  logLevel: 'LOG_LEVEL',
  log: 'USERPOOL_LOG',
  tlsCert: 'USERPOOL_TLS_CERT',
  tlsKey: 'USERPOOL_TLS_KEY',
  workers: 'USERPOOL_WORKERS',
  seed: 'USERPOOL_SEED',
  lambdaDir: 'USERPOOL_LAMBDA_DIR',
  lambdaEndpoint: 'USERPOOL_LAMBDA_ENDPOINT',
  kmsEndpoint: 'USERPOOL_KMS_ENDPOINT',
};

/** Keys whose value may be a JSON list (joined with commas, as the variable takes it). */
const LIST_KEYS = new Set(['accessKeys', 'allowedHosts', 'corsOrigins']);
/** Keys whose value may be a JSON boolean (`on` / `off`). */
const SWITCH_KEYS = new Set(['outbox', 'forceDevFeatures']);

/** The file's settings as environment variables; throws an Error naming the file and the key at fault. */
export function readConfigFile(path: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`config file ${path}: ${err instanceof SyntaxError ? `not JSON: ${err.message}` : `cannot read it: ${(err as Error).message}`}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`config file ${path}: expected a JSON object of settings`);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed)) {
    const variable = CONFIG_FILE_KEYS[key];
    if (variable === undefined) {
      const near = closest(key, Object.keys(CONFIG_FILE_KEYS));
      throw new Error(`config file ${path}: unknown key "${key}"${near ? ` (did you mean "${near}"?)` : ''}`);
    }
    env[variable] = asVariable(path, key, value);
  }
  return env;
}

function asVariable(path: string, key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean' && SWITCH_KEYS.has(key)) return value ? 'on' : 'off';
  if (Array.isArray(value) && LIST_KEYS.has(key) && value.every((v) => typeof v === 'string')) return value.join(',');
  const expected = LIST_KEYS.has(key) ? 'a string or a list of strings' : SWITCH_KEYS.has(key) ? 'true, false, "on" or "off"' : 'a string or a number';
  throw new Error(`config file ${path}: "${key}" must be ${expected}, got ${JSON.stringify(value)}`);
}
