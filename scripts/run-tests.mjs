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

const filter = process.argv.slice(2);
const files = [...collect('src'), ...collect('scripts'), ...collect('test')].filter((f) => filter.length === 0 || filter.some((x) => f.includes(x)));
ensurePostgres();
const args = ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-reporter=spec', ...files];
const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, NODE_ENV: 'test' } });
process.exit(r.status ?? 1);
