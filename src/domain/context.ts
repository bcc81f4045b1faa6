import type { Config } from '../config/config.ts';
import type { OperationName } from '../generated/operations.ts';
import type { Store } from '../storage/ports/index.ts';
import type { ImportFiles } from './import/ports.ts';
import type { EmailSender, SmsSender } from './messaging/ports.ts';
import type { SigningKeyCache } from './tokens/key-cache.ts';
import type { CodeEncryptor, FunctionInvoker } from './triggers/ports.ts';
import type { OidcRelyingParty } from './federation/ports.ts';

/** Where use cases write what an operator should see (the server passes its request logger). */
export interface Logger {
  info(obj: unknown, msg?: string): void;
  warn(obj: unknown, msg?: string): void;
  error(obj: unknown, msg?: string): void;
}

/** Everything an operation may use, passed in (no module-level singletons). */
export interface Deps {
  config: Config;
  store: Store;
  /** Epoch milliseconds; tests may substitute a controllable clock. */
  now: () => number;
  /** 32-byte key that seals secrets at rest. */
  masterKey: Buffer;
  /** Key that MACs pagination tokens and other opaque server-issued strings. */
  tokenKey: Buffer;
  /** Base URL of this server as clients reach it (no trailing slash). */
  publicUrl: () => string;
  /** Per-server cache of unsealed token signing keys (created lazily when absent). */
  signingKeys?: SigningKeyCache;
  /** Real email delivery (SMTP), when configured; without it the outbox is the only delivery. */
  email?: EmailSender;
  /** Real SMS delivery (webhook), when configured; without it the outbox is the only delivery. */
  sms?: SmsSender;
  /** The import jobs' CSV files. */
  importFiles: ImportFiles;
  /** Runs the pools' Lambda triggers; without it a pool with a trigger fails as AWS does for a missing function. */
  functions?: FunctionInvoker;
  /** Encrypts codes for the custom sender triggers (KMS). */
  codeEncryptor?: CodeEncryptor;
  /** Talks to external OpenID Connect identity providers (federated sign-in). */
  oidc?: OidcRelyingParty;
}

/** One API request as the operations see it. */
export interface RequestContext {
  deps: Deps;
  requestId: string;
  operation: OperationName;
  /** The request's region: from the SigV4 credential scope when present, else the configured default. */
  region: string;
  /** The caller's IP address, as AWS records it for devices and auth events. */
  sourceIp: string;
  log: Logger;
}
