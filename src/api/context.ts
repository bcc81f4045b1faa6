import type { FastifyBaseLogger } from 'fastify';
import type { Config } from '../config/config.ts';
import type { OperationName, OperationShapes } from '../generated/operations.ts';
import type { SqlStore } from '../storage/sql/store.ts';
import type { SigningKeyCache } from '../domain/tokens/key-cache.ts';

/** Everything an operation may use, passed in (no module-level singletons). */
export interface Deps {
  config: Config;
  store: SqlStore;
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
}

export interface RequestContext {
  deps: Deps;
  requestId: string;
  operation: OperationName;
  /** The request's region: from the SigV4 credential scope when present, else the configured default. */
  region: string;
  /** The caller's IP address, as AWS records it for devices and auth events. */
  sourceIp: string;
  log: FastifyBaseLogger;
}

export type Input<O extends OperationName> = OperationShapes[O]['input'];
export type Output<O extends OperationName> = OperationShapes[O]['output'];
export type Handler<O extends OperationName> = (input: Input<O>, ctx: RequestContext) => Promise<Output<O>>;
export type HandlerTable = { [O in OperationName]?: Handler<O> };
