// Runs every test file (src/**/*.test.ts, scripts/*.test.ts, test/**/*.test.ts) with node's test
// runner. Starts the local PostgreSQL first when it is installed but down, so the storage suites
// run on both databases; they skip PostgreSQL loudly only when no server can be reached.
import { execSync, spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function collect(dir, out = []) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const e of entries) {
    if (e === 'node_modules' || e.startsWith('.')) continue;
    const p = join(dir, e);
    if (statSync(p).isDirectory()) collect(p, out);
    else if (e.endsWith('.test.ts')) out.push(p);
  }
  return out;
}

function ensurePostgres() {
  const ready = () => spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432'], { stdio: 'ignore' }).status === 0;
  try {
    if (ready()) return;
    const versions = execSync('ls /etc/postgresql', { encoding: 'utf8' }).trim().split('\n');
    for (const v of versions) spawnSync('pg_ctlcluster', ['--skip-systemctl-redirect', v, 'main', 'start'], { stdio: 'inherit' });
    for (let i = 0; i < 30 && !ready(); i++) spawnSync('sleep', ['1']);
  } catch {
    // No PostgreSQL installed here: the suites say so and run on SQLite alone.
  }
}

const RUN_ID = Date.now().toString(36);

/**
 * Drops per-server test schemas (`t_<run>_<rand>`): this run's, and those of runs started more than
 * two hours ago (left by interrupted runs). A run that is still going elsewhere keeps its own.
 */
async function dropTestSchemas() {
  const url = process.env.USERPOOL_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  let client;
  try {
    const { default: pg } = await import('pg');
    client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
    await client.connect();
    const { rows } = await client.query("select nspname from pg_namespace where nspname ~ '^t_[0-9a-z]+_[0-9a-f]{8}$' or nspname ~ '^t_[0-9a-f]{12}$'");
    const staleBefore = Date.now() - 2 * 3600_000;
    for (const { nspname } of rows) {
      const run = nspname.split('_')[1];
      const started = nspname.split('_').length === 3 ? parseInt(run, 36) : 0;
      if (run === RUN_ID || started < staleBefore) await client.query(`drop schema if exists "${nspname}" cascade`);
    }
  } catch {
    // No PostgreSQL: nothing to clean.
  } finally {
    await client?.end().catch(() => {});
  }
}

const filter = process.argv.slice(2);
const files = [...collect('src'), ...collect('scripts'), ...collect('test')].filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)));
// Tests that run the `userpool` binary run the compiled dist/: build it first so it is never stale.
const build = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
if (build.status !== 0) {
  console.error('build of dist/ failed (tsc -p tsconfig.build.json)');
  process.exit(1);
}
ensurePostgres();
await dropTestSchemas();
// A hung file must fail the run rather than stall it: per-test timeout, and exit once every test has ended.
const args = ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=600000', '--test-force-exit', '--test-reporter=spec', ...files];
const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test', USERPOOL_TEST_RUN: RUN_ID } });
await dropTestSchemas();
process.exit(r.status ?? 1);
