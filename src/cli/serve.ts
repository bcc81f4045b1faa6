/**
 * `userpool serve` (what `npm start` runs). With `--workers N` (N > 1) the process forks N workers
 * (node:cluster) that share the listening socket and the database — the SQLite file in WAL mode, or
 * PostgreSQL — so every core serves requests. The primary prepares what must happen once (master
 * key file, migrations), forwards SIGTERM/SIGINT and replaces a worker that dies.
 *
 * On a terminal (or `--log pretty`) it prints a banner; otherwise (or `--log json`) JSON lines. A
 * start-up failure is one sentence on stderr and exit code 1.
 */
import cluster, { type Worker } from 'node:cluster';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, publicUrlOf, workerCountOf, type Config } from '../config/config.ts';
import { depsFor, loadTls, startServer, type RunningServer } from '../server.ts';
import { loadSeedFile, type Seed } from '../seed/seed-file.ts';
import { applySeed, type SeedSummary } from '../seed/apply.ts';
import { checkDatabaseKey, loadMasterKey } from '../adapters/master-key-file.ts';
import { openDatabase } from '../storage/sql/database.ts';
import { parseFlags, type FlagSpec, UsageError } from './args.ts';

export const SERVE_FLAGS: FlagSpec = {
  port: { type: 'string' },
  host: { type: 'string' },
  db: { type: 'string' },
  'data-dir': { type: 'string' },
  seed: { type: 'string' },
  'lambda-dir': { type: 'string' },
  workers: { type: 'string' },
  log: { type: 'string' },
  config: { type: 'string' },
};

export const SERVE_USAGE = `usage: userpool serve [options]
  Starts the server (what \`npm start\` runs). Flags win over environment variables, which win
  over the config file (README "Configuration").

  --port <n>           TCP port (PORT; default 9339; 0 = any free port)
  --host <address>     listen address (HOST; default 127.0.0.1)
  --db <url>           sqlite:<file>, sqlite::memory: or postgres://user@host:5432/db
                       (DATABASE_URL; default sqlite:./.userpool/userpool.db)
  --data-dir <dir>     master key and import uploads (USERPOOL_DATA_DIR; default ./.userpool)
  --seed <file>        pools, clients, users… to create when missing, at start and on reset
                       (USERPOOL_SEED; README "Seed file")
  --lambda-dir <dir>   the functions folder: Lambda triggers run from <dir>/<name>.mjs
                       (USERPOOL_LAMBDA_DIR; README "Lambda triggers")
  --workers <n|auto>   serve from n processes sharing the port and the database (USERPOOL_WORKERS; default 1)
  --log <pretty|json>  a banner for people or JSON lines (USERPOOL_LOG; default pretty on a terminal)
  --config <file>      a JSON config file (USERPOOL_CONFIG)
  -h, --help           this text
`;

function version(): string {
  try {
    return (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  } catch {
    return 'dev';
  }
}

function jsonLine(level: 'info' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  process.stderr.write(`${JSON.stringify({ level: level === 'info' ? 30 : 50, time: Date.now(), pid: process.pid, ...fields, msg })}\n`);
}

/** The database as a person reads it: the SQLite file's absolute path, or PostgreSQL's host and database (never the password). */
export function describeDatabase(url: string): string {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    return path === ':memory:' || path === '' ? 'SQLite in memory (gone when the server stops)' : `SQLite file ${resolve(path)}`;
  }
  try {
    const u = new URL(url);
    return `PostgreSQL ${u.pathname.replace(/^\//, '') || '(default database)'} on ${u.hostname}:${u.port || 5432}${u.username ? ` as ${decodeURIComponent(u.username)}` : ''}`;
  } catch {
    return 'PostgreSQL';
  }
}

const SIGV4_MEANING = {
  accept: 'any credentials are accepted, signatures are not checked (local development)',
  verify: 'IAM-authenticated operations must be signed with a key of USERPOOL_ACCESS_KEYS',
} as const;

function banner(config: Config, url: string, workers: number, seeded: SeedSummary[]): string {
  const rows: Array<[string, string]> = [
    ['URL', url],
    ['database', describeDatabase(config.databaseUrl)],
    ['data dir', resolve(config.dataDir)],
    ['SigV4', `${config.signatureMode}: ${SIGV4_MEANING[config.signatureMode]}`],
    ['outbox', config.outboxEndpoint ? `${url}/_userpool/messages` : 'off'],
    ...(workers > 1 ? [['workers', String(workers)] as [string, string]] : []),
    ...(config.seedFile !== undefined ? [['seed', resolve(config.seedFile)] as [string, string]] : []),
    ...seeded.map((s) => ['', s.line] as [string, string]),
  ];
  return `\nUserpool ${version()} is listening\n${rows.map(([k, v]) => `  ${k.padEnd(10)} ${v}`).join('\n')}\n\n  Ctrl-C to stop.\n\n`;
}

/** What a start-up failure means to the operator, in one sentence. */
export function startFailure(err: unknown, config: Config | undefined): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'EADDRINUSE' && config) return `port ${config.port} on ${config.host} is in use: stop the other process, or choose another port with --port (PORT)`;
  if (e?.code === 'EADDRNOTAVAIL' && config) return `cannot listen on ${config.host}: no such address on this machine (--host / HOST)`;
  if (e?.code === 'EACCES' && config) return `not allowed to listen on port ${config.port}: choose a port above 1023 with --port (PORT)`;
  return err instanceof Error ? err.message : String(err);
}

/** A single server in this process (no workers, or one cluster worker). */
async function serveHere(config: Config, seed: Seed | undefined, pretty: boolean, announce: boolean): Promise<RunningServer> {
  // A cluster worker's primary has applied the seed once; the worker keeps it for resets.
  const server = await startServer(config, seed ? { seed, applySeed: announce } : {});
  if (announce) {
    if (pretty) process.stdout.write(banner(config, server.url, 1, server.seedSummary));
    else {
      for (const s of server.seedSummary) server.app.log.info({ userPoolId: s.userPoolId, seed: config.seedFile }, `seeded ${s.line}`);
      server.app.log.info({ url: server.url, database: server.deps.store.dialect, sigv4: server.deps.config.signatureMode }, 'userpool listening');
    }
  }
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      if (pretty && announce) process.stdout.write('stopping: finishing in-flight requests…\n');
      else server.app.log.info({ signal }, 'shutting down: finishing in-flight requests');
      server.close().then(
        () => process.exit(0),
        (err: unknown) => {
          server.app.log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
  return server;
}

/** The cluster primary: one-time preparation, N workers, signal forwarding, replacement of crashed workers. */
async function primary(config: Config, seed: Seed | undefined, workers: number, pretty: boolean): Promise<void> {
  if (!/^(sqlite:.+|postgres(ql)?:\/\/)/.test(config.databaseUrl) || /^sqlite:(:memory:)?$/.test(config.databaseUrl)) {
    throw new Error(`--workers needs a database the workers share (a SQLite file or PostgreSQL), not "${config.databaseUrl}"`);
  }
  loadTls(config); // a bad certificate stops here, once, not in every worker
  const masterKey = loadMasterKey(config); // generated once, before the workers read it
  const database = await openDatabase(config.databaseUrl); // migrations run once, here
  let seeded: SeedSummary[] = [];
  try {
    // A wrong key stops the primary with its message, not N workers in a restart loop.
    await checkDatabaseKey(database.db, masterKey, config);
    // The seed too is applied once, here: N workers creating the same pools at once would collide.
    if (seed) seeded = await applySeed(depsFor(config, database, masterKey, () => publicUrlOf(config, config.port)), seed);
  } finally {
    await database.close();
  }
  // Workers share one listening socket; with PORT=0 they all get the port the first one bound
  // (node:cluster), which replacements then name explicitly.
  const env: Record<string, string> = { PORT: String(config.port) };
  let stopping = false;
  let listening = 0;
  const startedAt = new Map<Worker, number>();
  let quickDeaths = 0;
  const fork = (): void => {
    const w = cluster.fork(env);
    startedAt.set(w, Date.now());
  };
  cluster.on('listening', (_w, address) => {
    env['PORT'] = String(address.port);
    if (++listening !== workers) return;
    const url = publicUrlOf(config, address.port);
    if (pretty) process.stdout.write(banner(config, url, workers, seeded));
    else {
      for (const s of seeded) jsonLine('info', `seeded ${s.line}`, { userPoolId: s.userPoolId, seed: config.seedFile });
      jsonLine('info', 'userpool listening', { url, workers, database: config.databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres' });
    }
  });
  cluster.on('exit', (w, code, signal) => {
    const lived = Date.now() - (startedAt.get(w) ?? 0);
    startedAt.delete(w);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    jsonLine('error', 'worker exited; starting another', { worker: w.process.pid, code, signal });
    quickDeaths = lived < 5_000 ? quickDeaths + 1 : 0;
    if (quickDeaths >= 5) {
      process.stderr.write('userpool: workers keep dying right after start; giving up\n');
      process.exit(1);
    }
    fork();
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      if (pretty) process.stdout.write('stopping: workers finish their in-flight requests…\n');
      else jsonLine('info', 'shutting down: workers finish their in-flight requests', { signal });
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    });
  }
  for (let i = 0; i < workers; i++) fork();
}

/** `userpool serve [flags]`: resolves once the server listens (it then runs until a signal); a refusal returns 1 or 2. */
export async function serveCommand(args: string[]): Promise<number> {
  let config: Config | undefined;
  try {
    const { values } = parseFlags('serve', args, SERVE_FLAGS, 0);
    if (values['help']) {
      process.stdout.write(SERVE_USAGE);
      return 0;
    }
    const str = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
    const port = str('port');
    if (port !== undefined && !/^\d+$/.test(port)) throw new UsageError(`userpool serve: --port must be a port number 0–65535, got "${port}"`);
    const log = str('log');
    if (log !== undefined && log !== 'pretty' && log !== 'json') throw new UsageError(`userpool serve: --log must be "pretty" or "json", got "${log}"`);
    config = loadConfig(process.env, {
      // A worker listens where its primary says (PORT in its environment), whatever the flag said.
      ...(port !== undefined && cluster.isPrimary ? { port: Number(port) } : {}),
      ...(str('host') !== undefined ? { host: str('host')! } : {}),
      ...(str('db') !== undefined ? { databaseUrl: str('db')! } : {}),
      ...(str('data-dir') !== undefined ? { dataDir: str('data-dir')! } : {}),
      ...(str('seed') !== undefined ? { seedFile: str('seed')! } : {}),
      ...(str('lambda-dir') !== undefined ? { lambdaDir: str('lambda-dir')! } : {}),
      ...(str('workers') !== undefined ? { workers: str('workers')! } : {}),
      ...(log !== undefined ? { logFormat: log } : {}),
      ...(str('config') !== undefined ? { configFile: str('config')! } : {}),
    });
    if (config.port > 65535) throw new UsageError(`userpool serve: --port must be a port number 0–65535, got "${config.port}"`);
    const pretty = config.logFormat === 'auto' ? process.stdout.isTTY === true : config.logFormat === 'pretty';
    // For people the banner says what the info lines would (listening, where): warnings and errors still show.
    if (pretty && config.logLevel === 'info' && (process.env['LOG_LEVEL'] ?? '') === '') config = { ...config, logLevel: 'warn' };
    config = { ...config, logFormat: pretty ? 'pretty' : 'json' };
    const seed = config.seedFile !== undefined ? loadSeedFile(config.seedFile) : undefined;
    if (!cluster.isPrimary) {
      await serveHere(config, seed, pretty, false);
      return 0;
    }
    const workers = workerCountOf(config.workers);
    if (workers > 1) await primary(config, seed, workers, pretty);
    else await serveHere(config, seed, pretty, true);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n(userpool serve --help lists the options)\n`);
      return 2;
    }
    process.stderr.write(`userpool: ${startFailure(err, config)}\n`);
    return 1;
  }
}
