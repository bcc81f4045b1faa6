import cluster, { type Worker } from 'node:cluster';
import { parseArgs } from 'node:util';
import { loadConfig, publicUrlOf, workerCountOf, type Config } from './config/config.ts';
import { loadTls, startServer } from './server.ts';
import { checkDatabaseKey, loadMasterKey } from './adapters/master-key-file.ts';
import { openDatabase } from './storage/sql/database.ts';

/**
 * `npm start [-- --workers N|auto]` (or `USERPOOL_WORKERS`): with N > 1 the process forks N
 * workers (node:cluster) that share the listening socket and the database — the SQLite file in
 * WAL mode, or PostgreSQL — so every core serves requests. The primary prepares what must happen
 * once (master key file, migrations), forwards SIGTERM/SIGINT and replaces a worker that dies.
 */
function workerCount(): number {
  const { values } = parseArgs({ options: { workers: { type: 'string' } }, strict: false, allowPositionals: true });
  return workerCountOf(typeof values.workers === 'string' ? values.workers : undefined);
}

function log(level: 'info' | 'error', msg: string, fields: Record<string, unknown> = {}): void {
  process.stderr.write(`${JSON.stringify({ level: level === 'info' ? 30 : 50, time: Date.now(), pid: process.pid, ...fields, msg })}\n`);
}

/** A single server in this process (no workers, or one cluster worker). */
async function serve(config: Config): Promise<void> {
  const server = await startServer(config);
  server.app.log.info({ url: server.url, database: server.deps.store.dialect, sigv4: server.deps.config.signatureMode }, 'userpool listening');
  let stopping = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      server.app.log.info({ signal }, 'shutting down: finishing in-flight requests');
      server.close().then(
        () => process.exit(0),
        (err: unknown) => {
          server.app.log.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}

/** The cluster primary: one-time preparation, N workers, signal forwarding, replacement of crashed workers. */
async function primary(config: Config, workers: number): Promise<void> {
  if (!/^(sqlite:.+|postgres(ql)?:\/\/)/.test(config.databaseUrl) || /^sqlite:(:memory:)?$/.test(config.databaseUrl)) {
    throw new Error(`--workers needs a database the workers share (a SQLite file or PostgreSQL), not "${config.databaseUrl}"`);
  }
  loadTls(config); // a bad certificate stops here, once, not in every worker
  const masterKey = loadMasterKey(config); // generated once, before the workers read it
  const database = await openDatabase(config.databaseUrl); // migrations run once, here
  try {
    // A wrong key stops the primary with its message, not N workers in a restart loop.
    await checkDatabaseKey(database.db, masterKey, config);
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
    if (++listening === workers) log('info', 'userpool listening', { url: publicUrlOf(config, address.port), workers, database: config.databaseUrl.startsWith('sqlite:') ? 'sqlite' : 'postgres' });
  });
  cluster.on('exit', (w, code, signal) => {
    const lived = Date.now() - (startedAt.get(w) ?? 0);
    startedAt.delete(w);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log('error', 'worker exited; starting another', { worker: w.process.pid, code, signal });
    quickDeaths = lived < 5_000 ? quickDeaths + 1 : 0;
    if (quickDeaths >= 5) {
      log('error', 'workers keep dying right after start; giving up');
      process.exit(1);
    }
    fork();
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      log('info', 'shutting down: workers finish their in-flight requests', { signal });
      for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    });
  }
  for (let i = 0; i < workers; i++) fork();
}

try {
  const config = loadConfig();
  if (cluster.isPrimary) {
    const workers = workerCount();
    if (workers > 1) await primary(config, workers);
    else await serve(config);
  } else {
    await serve(config);
  }
} catch (err) {
  // Start-up refusals (configuration, master key) are messages for the operator, not crashes.
  log('error', `userpool did not start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
