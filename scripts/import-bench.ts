/**
 * Import-job benchmark (issue 5's speed target: 1,000,000 rows on SQLite in ≤ 60 s, RSS ≤ 300 MiB).
 *
 * Starts the server as `npm start` does (its own process, SQLite file database in a temp dir),
 * creates a pool, generates a CSV with GetCSVHeader's columns (streamed to a file, never held in
 * memory), uploads it to the job's PreSignedUrl with a real HTTP PUT, starts the job and polls
 * DescribeUserImportJob until it ends, sampling the server's RSS from /proc. Then checks that the
 * users are visible to ListUsers.
 *
 *   npx tsx scripts/import-bench.ts                 # 1,000,000 rows
 *   npx tsx scripts/import-bench.ts --rows 200000 --json
 *   npx tsx scripts/import-bench.ts --names                 # rows with given/family names too
 *   npx tsx scripts/import-bench.ts --database postgres://postgres@127.0.0.1:5432/test
 *   npx tsx scripts/import-bench.ts --rows 300000 --cpu-prof bench/profiles   # the server's CPU profile
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { freePort, sampleProc, startProcess, userpoolCommand } from './bench-procs.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    database: { type: 'string' },
    json: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    poll: { type: 'string', default: '250' },
    names: { type: 'boolean', default: false },
    'cpu-prof': { type: 'string' },
  },
});
const ROWS = Number(args.rows);
if (!Number.isInteger(ROWS) || ROWS < 1) throw new Error('--rows must be a positive integer');

const log = (msg: string): void => {
  if (!args.json) console.error(msg);
};

async function call(url: string, op: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${op}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status !== 200) throw new Error(`${op}: ${JSON.stringify(json)}`);
  return json;
}

/**
 * Writes the CSV: username, email (verified), MFA off — as the bench's S7; with --names also
 * given/family names from 1,000 values each (their indexes then take scattered inserts, as real
 * names do: slower). Other columns empty.
 */
async function writeCsv(path: string, header: string[], rows: number): Promise<number> {
  const out = createWriteStream(path);
  const cols = header.map((h) => h);
  const line = (i: number): string =>
    `${cols
      .map((c) => {
        switch (c) {
          case 'cognito:username':
            return `user${i}`;
          case 'email':
            return `user${i}@example.com`;
          case 'email_verified':
            return 'true';
          case 'given_name':
            return args.names ? `Given${i % 1000}` : '';
          case 'family_name':
            return args.names ? `Family${i % 997}` : '';
          case 'cognito:mfa_enabled':
            return 'false';
          default:
            return '';
        }
      })
      .join(',')}\n`;
  out.write(`${header.join(',')}\n`);
  for (let i = 1; i <= rows; ) {
    let chunk = '';
    for (let k = 0; k < 5000 && i <= rows; k++, i++) chunk += line(i);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return statSync(path).size;
}

async function upload(url: string, path: string, size: number): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const req = httpRequest(url, { method: 'PUT', headers: { 'content-length': size, 'x-amz-server-side-encryption': 'aws:kms' } }, (res) => {
      res.resume();
      res.on('end', () => resolveStatus(res.statusCode ?? 0));
    });
    req.on('error', reject);
    createReadStream(path).pipe(req);
  });
}

const tmp = mkdtempSync(join(tmpdir(), 'userpool-import-bench-'));
const port = await freePort();
const { command, args: cmdArgs } = userpoolCommand(REPO, args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', resolve(args['cpu-prof'])] : []);
const env: Record<string, string | undefined> = { ...process.env };
for (const k of Object.keys(env)) if (k.startsWith('USERPOOL_')) delete env[k];
Object.assign(env, {
  DATABASE_URL: args.database ?? `sqlite:${join(tmp, 'bench.db')}`,
  PORT: String(port),
  HOST: '127.0.0.1',
  LOG_LEVEL: 'warn',
  USERPOOL_MASTER_KEY: randomBytes(32).toString('hex'),
  USERPOOL_DATA_DIR: join(tmp, 'data'),
  NODE_ENV: 'production',
});
const proc = await startProcess({ name: 'Userpool', command, args: cmdArgs, port, cwd: REPO, env, logFile: join(tmp, 'userpool.log') });
try {
  const url = proc.url;
  const poolId = ((await call(url, 'CreateUserPool', { PoolName: 'import-bench', AutoVerifiedAttributes: ['email'] }))['UserPool'] as { Id: string }).Id;
  const header = (await call(url, 'GetCSVHeader', { UserPoolId: poolId }))['CSVHeader'] as string[];
  const csv = join(tmp, 'users.csv');
  const t0 = performance.now();
  const size = await writeCsv(csv, header, ROWS);
  log(`generated ${ROWS} rows (${(size / 1048576).toFixed(1)} MiB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const job = (await call(url, 'CreateUserImportJob', { UserPoolId: poolId, JobName: 'bench', CloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/import-bench' }))['UserImportJob'] as { JobId: string; PreSignedUrl: string };
  const t1 = performance.now();
  const status = await upload(job.PreSignedUrl, csv, size);
  if (status !== 200) throw new Error(`upload answered HTTP ${status}`);
  const uploadS = (performance.now() - t1) / 1000;
  log(`uploaded in ${uploadS.toFixed(1)} s`);

  const before = sampleProc(proc.pid);
  let peakRssKiB = before.rssKiB;
  const start = performance.now();
  await call(url, 'StartUserImportJob', { UserPoolId: poolId, JobId: job.JobId });
  let final: Record<string, unknown> = {};
  let lastLog = 0;
  for (;;) {
    await new Promise((r) => setTimeout(r, Number(args.poll)));
    peakRssKiB = Math.max(peakRssKiB, sampleProc(proc.pid).rssKiB);
    final = (await call(url, 'DescribeUserImportJob', { UserPoolId: poolId, JobId: job.JobId }))['UserImportJob'] as Record<string, unknown>;
    const elapsed = (performance.now() - start) / 1000;
    if (elapsed - lastLog >= 5) {
      lastLog = elapsed;
      log(`  ${elapsed.toFixed(0)} s: ${String(final['Status'])}, ${Number(final['ImportedUsers'])} imported, RSS ${(peakRssKiB / 1024).toFixed(0)} MiB peak`);
    }
    if (['Succeeded', 'Failed', 'Stopped', 'Expired'].includes(String(final['Status']))) break;
  }
  // The job's own clock: StartDate → CompletionDate (the poll interval is not counted).
  const jobS = Number(final['CompletionDate']) - Number(final['StartDate']);
  const after = sampleProc(proc.pid);
  const listed = await call(url, 'ListUsers', { UserPoolId: poolId, Limit: 1, Filter: `username = "user${ROWS}"` });
  const visible = ((listed['Users'] as unknown[] | undefined) ?? []).length === 1;
  const result = {
    rows: ROWS,
    fileMiB: Number((size / 1048576).toFixed(1)),
    status: final['Status'],
    imported: final['ImportedUsers'],
    skipped: final['SkippedUsers'],
    failed: final['FailedUsers'],
    seconds: Number(jobS.toFixed(2)),
    rowsPerSecond: Math.round(ROWS / jobS),
    peakRssMiB: Math.round(peakRssKiB / 1024),
    hwmMiB: Math.round(after.hwmKiB / 1024),
    cpuSeconds: Number(((after.cpuUs - before.cpuUs) / 1e6).toFixed(1)),
    uploadSeconds: Number(uploadS.toFixed(2)),
    lastUserListed: visible,
    database: String(env['DATABASE_URL']).startsWith('postgres') ? 'postgres' : 'sqlite',
  };
  if (args.json) console.log(JSON.stringify(result));
  else {
    console.log(`import of ${ROWS} rows: ${String(result.status)} in ${result.seconds} s (${result.rowsPerSecond} rows/s), ` +
      `peak RSS ${result.peakRssMiB} MiB (process high-water mark ${result.hwmMiB} MiB, includes the upload), CPU ${result.cpuSeconds} s, last user listed: ${visible}`);
  }
  if (result.status !== 'Succeeded') process.exitCode = 1;
} finally {
  await proc.stop();
  if (!args.keep) rmSync(tmp, { recursive: true, force: true });
  else console.error(`kept ${tmp}`);
}
