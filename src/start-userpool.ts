/**
 * `startUserpool()`: a Userpool server inside the caller's process, for JS/TS test suites. Each call
 * is a server of its own — its own port, database, master key and data directory; nothing is read
 * from `process.env` and nothing is shared, so several can run side by side.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Config } from './config/config.ts';
import { startServer } from './server.ts';
import { listOutbox, newestCode } from './domain/messaging/outbox.ts';
import { loadSeedFile, parseSeed } from './seed/seed-file.ts';

export interface StartUserpoolOptions {
  /** TCP port; default 0 (a free one: read `url` / `port`). */
  port?: number;
  /** Listen address; default 127.0.0.1. */
  host?: string;
  /** `memory` (default: nothing written to disk), `sqlite:<file>` or `postgres://…`. */
  database?: string;
  /** Region of new pool ids and of the SDK clients you point at it; default us-east-1. */
  region?: string;
  /** A fixed 6-digit code for every confirmation and reset code; default: random codes (read them with `lastCode`). */
  fixedCode?: string;
  /** Where the master key and import uploads are kept for a file or PostgreSQL database; default a new temporary directory. */
  dataDir?: string;
  /** pino log level; default `silent`. */
  logLevel?: string;
  /** Pools, clients, users… to start with (and to restore on `reset()`): a seed document (README "Seed file") or the path of a seed file. */
  seed?: string | Record<string, unknown>;
}

/** A message the server sent (or would have sent): an invitation, a code. */
export interface OutboxMessage {
  userPoolId: string;
  username: string;
  channel: 'EMAIL' | 'SMS';
  destination: string;
  kind: string;
  code: string | null;
  subject: string | null;
  body: string;
  createdAt: Date;
}

export interface Userpool {
  /** The endpoint for SDK clients (`new CognitoIdentityProviderClient({ endpoint: up.url, … })`). */
  url: string;
  port: number;
  region: string;
  /** Stops the server, closes its database, deletes its temporary data directory. */
  stop(): Promise<void>;
  /** Deletes every user pool (or one) with everything in it, then applies the seed again; returns the ids deleted. */
  reset(userPoolId?: string): Promise<string[]>;
  /** Messages sent to a pool's users (or one user's: Username or alias), newest first. */
  messages(query: { userPoolId: string; username?: string }): Promise<OutboxMessage[]>;
  /** The newest code sent to the user (sign-up, password reset, verification, MFA), or undefined. */
  lastCode(query: { userPoolId: string; username: string }): Promise<string | undefined>;
}

export async function startUserpool(options: StartUserpoolOptions = {}): Promise<Userpool> {
  const database = options.database ?? 'memory';
  const ownDataDir = options.dataDir === undefined ? mkdtempSync(join(tmpdir(), 'userpool-')) : undefined;
  const overrides: Partial<Config> = {
    port: options.port ?? 0,
    host: options.host ?? '127.0.0.1',
    databaseUrl: database === 'memory' ? 'sqlite::memory:' : database,
    dataDir: options.dataDir ?? ownDataDir!,
    region: options.region ?? 'us-east-1',
    logLevel: options.logLevel ?? 'silent',
    signatureMode: 'accept',
    outboxEndpoint: true,
    ...(options.fixedCode !== undefined ? { fixedCode: options.fixedCode } : {}),
    // In memory, the key lives and dies with the database: no key file.
    ...(database === 'memory' ? { masterKey: randomBytes(32).toString('hex') } : {}),
  };
  let server;
  try {
    const seed = options.seed === undefined ? undefined : typeof options.seed === 'string' ? loadSeedFile(options.seed) : parseSeed(options.seed, 'startUserpool({ seed })');
    server = await startServer(loadConfig({}, overrides), seed ? { seed } : {});
  } catch (err) {
    if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    throw err;
  }
  const running = server;
  const { deps } = running;
  return {
    url: running.url,
    port: running.port,
    region: deps.config.region,
    stop: async () => {
      await running.close();
      if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    },
    reset: async (userPoolId) => (await running.reset(userPoolId)).deletedUserPoolIds,
    messages: async ({ userPoolId, username }) =>
      (await listOutbox(deps, { userPoolId, username, limit: 500 })).map((m) => ({
        userPoolId: m.poolId,
        username: m.username,
        channel: m.channel,
        destination: m.destination,
        kind: m.kind,
        code: m.code,
        subject: m.subject,
        body: m.body,
        createdAt: new Date(m.createdAt),
      })),
    lastCode: async ({ userPoolId, username }) => (await newestCode(deps, userPoolId, username))?.code ?? undefined,
  };
}
