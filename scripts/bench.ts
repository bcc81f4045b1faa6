/**
 * `npm run bench` — Userpool's benchmark (issue 6).
 *
 * Starts Userpool (`npm start`'s command, SQLite file database in a temp dir) and a bare node:http
 * server (the ceiling) in child processes, drives them with autocannon (32 keep-alive connections)
 * or a keep-alive node:http loop (multi-step scenarios), reads each server's CPU time and RSS from
 * /proc, runs the same scenarios against moto and cognito-local when they can be started, and
 * prints one table (also written to bench/results.md).
 *
 *   npm run bench                      # default: N=2,000 users, S3 also at 20,000, ~3-4 minutes
 *   npm run bench -- --quick           # N=500, no large S3, no import
 *   npm run bench -- --full            # S3 at 100,000 users, import of 1,000,000 rows
 *   npm run bench -- --duration 5 --users 2000 --large 100000 --no-peers --only S2,S3 --cpu-prof
 */
import { randomBytes, randomInt } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { CEILING_SOURCE, freePort, sampleProc, startProcess, userpoolCommand, type ServerProcess } from './bench-procs.ts';
import { agent, call, errorOf, isUnsupported, measureAround, mustCall, quietWaitedS, runCannon, runLoop, setQuietWait, type CallResult, type Measure } from './bench-load.ts';
import { srpRespond, srpStart } from './bench-srp.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PASSWORD = 'Bench-Passw0rd!';

// ---------------------------------------------------------------- options

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string' },
    users: { type: 'string' },
    large: { type: 'string' },
    'import-rows': { type: 'string' },
    connections: { type: 'string' },
    quick: { type: 'boolean', default: false },
    full: { type: 'boolean', default: false },
    'no-peers': { type: 'boolean', default: false },
    workers: { type: 'string' },
    only: { type: 'string' },
    out: { type: 'string' },
    'cpu-prof': { type: 'boolean', default: false },
    'quiet-wait': { type: 'string' },
    help: { type: 'boolean', default: false },
  },
  allowPositionals: false,
});

if (args.help) {
  console.log(`npm run bench -- [options]
  --duration S        seconds per scenario (default 5; --quick 2)
  --users N           users in the main pool: S2–S6 run on it, S3 at N (default 2000; --quick 500)
  --large L           S3 again at L users, Userpool only (default 10×N; --full 100000; --quick 0; 0 = skip)
  --import-rows R     S7 import job size (default 50×N; --full 1000000; --quick 0; 0 = skip)
  --connections C     concurrent keep-alive connections (default 32)
  --no-peers          skip moto and cognito-local
  --workers N         also run S1–S6 on Userpool started with --workers N (node:cluster), as an
                      extra column (default: the machine's cores, ${availableParallelism()}; 0 or 1 = skip)
  --only S1,S2,…      run only these scenarios (ids S1 S2 S3 S3L S4 S5 S6 S7 S8)
  --out FILE          where to write the markdown (default bench/results.md)
  --cpu-prof          start Userpool with --cpu-prof (profiles in bench/profiles/)
  --quiet-wait S      before each measurement wait up to S s for other processes to go idle (default 5; 0 = never)`);
  process.exit(0);
}

function intArg(raw: string | undefined, name: string, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got "${raw}"`);
  return n;
}

const quick = args.quick;
const full = args.full;
const DURATION = intArg(args.duration, 'duration', quick ? 2 : 5);
const USERS = Math.max(1, Math.floor(intArg(args.users, 'users', quick ? 500 : 2000)));
const LARGE = Math.floor(intArg(args.large, 'large', quick ? 0 : full ? 100_000 : USERS * 10));
const IMPORT_ROWS = Math.floor(intArg(args['import-rows'], 'import-rows', quick ? 0 : full ? 1_000_000 : USERS * 50));
const WARMUP = Math.min(1, DURATION / 5);
const CONNECTIONS = Math.max(1, Math.floor(intArg(args.connections, 'connections', 32)));
const AUTH_USERS = Math.min(USERS, 200);
const WORKERS = Math.floor(intArg(args.workers, 'workers', availableParallelism()));
setQuietWait(intArg(args['quiet-wait'], 'quiet-wait', 5));
const OUT = resolve(args.out ?? join(REPO, 'bench', 'results.md'));
const ONLY = args.only === undefined ? undefined : new Set(args.only.split(',').map((s) => s.trim().toUpperCase()));
const want = (id: string): boolean => ONLY === undefined || ONLY.has(id);

// ---------------------------------------------------------------- results

type SubjectKey = 'userpool' | 'userpool-workers' | 'moto' | 'cognito-local';
/** Column heads of the subjects shown beside Userpool. */
const subjectLabel = (k: SubjectKey): string => (k === 'userpool-workers' ? `Userpool --workers ${WORKERS}` : k);
type Cell = { kind: 'ok'; m: Measure; note?: string } | { kind: 'na'; text: string };
type RowId = 'ceiling' | 'ceiling-loop' | 'S1' | 'S2' | 'S3' | 'S3L' | 'S4' | 'S5' | 'S6' | 'S7' | 'S8';

const cells = new Map<string, Cell>();
const cellKey = (row: RowId, subject: SubjectKey): string => `${row}/${subject}`;
const notes: string[] = [];
const peerStatus = new Map<SubjectKey, string>();
let durable: { acknowledged: number; found: number } | undefined;

function setCell(row: RowId, subject: SubjectKey, cell: Cell): void {
  cells.set(cellKey(row, subject), cell);
  const text = cell.kind === 'ok' ? `${fmtInt(cell.m.rps)}/s, p50 ${fmtMs(cell.m.p50)} ms, p99 ${fmtMs(cell.m.p99)} ms, ${fmtInt(cell.m.cpuUsPerReq)} µs CPU/req, RSS ${fmtInt(cell.m.rssMiB)} MiB${cell.m.errors ? `, ${cell.m.errors} errors` : ''}, cores ${fmtCores(cell.m)}` : cell.text;
  console.error(`  ${subject.padEnd(13)} ${row.padEnd(12)} ${text}`);
}

const fmtInt = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');
const fmtMs = (n: number): string => (!Number.isFinite(n) ? '—' : n < 10 ? n.toFixed(2) : n < 100 ? n.toFixed(1) : Math.round(n).toLocaleString('en-US'));

function log(msg: string): void {
  console.error(`[bench] ${msg}`);
}

// ---------------------------------------------------------------- scenario helpers

interface Subject {
  key: SubjectKey;
  proc: ServerProcess;
  /** Userpool only: SIGKILL and start again on the same database. */
  restart?: () => Promise<ServerProcess>;
  /** The server closes the connection after every response (moto's werkzeug). */
  closesConnections?: boolean;
}

/**
 * Drives one operation for DURATION seconds: autocannon, or the node:http loop at the same
 * concurrency for servers that close every connection (autocannon stalls on those).
 */
async function drive(s: Subject, operation: string, body: () => unknown, warmup = true): Promise<Cell> {
  const warm = { warmupS: warmup ? WARMUP : 0 };
  if (!s.closesConnections) return cannonCell(await runCannon({ url: s.proc.url, pid: s.proc.pid, operation, connections: CONNECTIONS, durationS: DURATION, ...warm, body }));
  const step = async (): Promise<string | undefined> => {
    const r = await call(s.proc.url, operation, body());
    return r.status === 200 ? undefined : errorOf(r);
  };
  return loopCell(await runLoop({ pid: s.proc.pid, concurrency: CONNECTIONS, durationS: DURATION, ...warm, step }));
}

/** Runs a probe call; a failing probe decides the cell (not implemented / error) without load. */
async function probeCell(probe: () => Promise<CallResult>, what: string): Promise<Cell | undefined> {
  let r: CallResult;
  try {
    r = await probe();
  } catch (e) {
    return { kind: 'na', text: `error: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (r.status === 200) return undefined;
  if (isUnsupported(r)) return { kind: 'na', text: `n/a (${what} not implemented)` };
  return { kind: 'na', text: `error: ${errorOf(r).slice(0, 120)}` };
}

function loopCell(m: Measure & { firstError?: string }): Cell {
  if (m.ok === 0) return { kind: 'na', text: `error: ${(m.firstError ?? 'no request succeeded').slice(0, 120)}` };
  return m.errors > 0 ? { kind: 'ok', m, note: `${m.errors} errors, first: ${(m.firstError ?? '').slice(0, 100)}` } : { kind: 'ok', m };
}

function cannonCell(m: Measure): Cell {
  if (m.ok === 0) return { kind: 'na', text: `error: every request failed (${m.errors} errors)` };
  return m.errors > 0 ? { kind: 'ok', m, note: `${m.errors} non-2xx/errors` } : { kind: 'ok', m };
}

const createUserBody = (pool: string, username: string): Record<string, unknown> => ({
  UserPoolId: pool,
  Username: username,
  UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
  MessageAction: 'SUPPRESS',
});

async function createPool(url: string, name: string): Promise<string> {
  const out = await mustCall(url, 'CreateUserPool', { PoolName: name });
  const id = (out['UserPool'] as { Id?: string } | undefined)?.Id;
  if (!id) throw new Error('CreateUserPool returned no Id');
  return id;
}

/**
 * Seeding (not measured): creates `prefix1 … prefixCount` through AdminCreateUser at high
 * concurrency. Returns an error text when the operation is missing or failing.
 */
async function seedUsers(s: Subject, pool: string, prefix: string, count: number, concurrency: number): Promise<string | undefined> {
  const t0 = Date.now();
  const m = await runLoop({
    pid: s.proc.pid,
    concurrency,
    total: count,
    step: async (i) => {
      for (let attempt = 0; ; attempt++) {
        const r = await call(s.proc.url, 'AdminCreateUser', createUserBody(pool, `${prefix}${i + 1}`));
        if (r.status === 200 || String(r.json['__type'] ?? '').endsWith('UsernameExistsException')) return undefined;
        if (isUnsupported(r) || attempt >= 2) return errorOf(r);
      }
    },
  });
  if (m.errors > 0) return m.firstError ?? `${m.errors} users not created`;
  const secs = (Date.now() - t0) / 1000;
  notes.push(`Seeding (${s.key}, not measured): ${fmtInt(count)} users through AdminCreateUser at ${concurrency} concurrent requests in ${secs.toFixed(1)} s (${fmtInt(count / secs)}/s).`);
  return undefined;
}

// ---------------------------------------------------------------- the scenarios of one server

async function benchSubject(start: () => Promise<Subject>): Promise<void> {
  let s = await start();
  const url = (): string => s.proc.url;
  const pid = (): number => s.proc.pid;
  const key = s.key;
  const isUserpool = key === 'userpool';
  const tag = randomBytes(3).toString('hex');
  try {
    const poolA = await createPool(url(), `bench-s1-${tag}`);
    const poolB = await createPool(url(), `bench-${tag}`);
    if ((await call(url(), 'DescribeUserPool', { UserPoolId: poolA })).closes) {
      s.closesConnections = true;
      notes.push(`${key} answers every request with \`Connection: close\`, on which autocannon stalls; its single-request scenarios run on the node:http loop at the same concurrency instead (a new connection per request, as its clients get).`);
    }

    // S1 AdminCreateUser from 0 users, for DURATION seconds.
    if (want('S1')) {
      let n = 0;
      const probe = await probeCell(() => call(url(), 'AdminCreateUser', createUserBody(poolA, `s1-${tag}-probe`)), 'AdminCreateUser');
      if (probe) setCell('S1', key, probe);
      else {
        const cell = await drive(s, 'AdminCreateUser', () => createUserBody(poolA, `s1-${tag}-${++n}`), false);
        setCell('S1', key, cell);
        const m = cell.kind === 'ok' ? cell.m : { ok: 0, wallS: DURATION };
        notes.push(`S1 (${key}): the pool went from 0 to ${fmtInt(m.ok + 1)} users in ${m.wallS.toFixed(1)} s.`);
        if (isUserpool && s.restart) {
          // Durability: every acknowledged user must survive a crash (SIGKILL) right after S1.
          s = { ...s, proc: await s.restart() };
          const d = await mustCall(url(), 'DescribeUserPool', { UserPoolId: poolA });
          const found = Number((d['UserPool'] as { EstimatedNumberOfUsers?: number } | undefined)?.EstimatedNumberOfUsers ?? -1);
          durable = { acknowledged: m.ok + 1, found };
          notes.push(`S1 durability (Userpool): SIGKILL right after S1, restart on the same file: ${fmtInt(found)} users found of ${fmtInt(m.ok + 1)} acknowledged — ${found >= m.ok + 1 ? 'every acknowledged user is durable' : 'ACKNOWLEDGED USERS LOST'}.`);
        }
      }
    }

    // The main pool: exactly USERS users (user1 … userN).
    const needMain = ['S2', 'S3', 'S4', 'S5', 'S6'].some(want);
    let mainError: string | undefined;
    if (needMain) {
      const probe = await call(url(), 'AdminCreateUser', createUserBody(poolB, 'user1'));
      if (probe.status !== 200) mainError = isUnsupported(probe) ? 'n/a (AdminCreateUser not implemented)' : `error: seeding: ${errorOf(probe)}`;
      else {
        const err = await seedUsers(s, poolB, 'user', USERS, CONNECTIONS * 2);
        if (err !== undefined) mainError = `error: seeding: ${err.slice(0, 100)}`;
      }
    }
    const blocked = (row: RowId): boolean => {
      if (!want(row)) return true;
      if (mainError !== undefined) {
        setCell(row, key, { kind: 'na', text: mainError });
        return true;
      }
      return false;
    };
    const randomUser = (): string => `user${randomInt(1, USERS + 1)}`;

    // S2 AdminGetUser of random existing users.
    if (!blocked('S2')) {
      const body = (): Record<string, unknown> => ({ UserPoolId: poolB, Username: randomUser() });
      setCell('S2', key, (await probeCell(() => call(url(), 'AdminGetUser', body()), 'AdminGetUser')) ?? (await drive(s, 'AdminGetUser', body)));
    }

    // S3 ListUsers with a prefix filter, one page of 60.
    const listBody = (pool: string) => (): Record<string, unknown> => ({ UserPoolId: pool, Filter: 'email ^= "user1"', Limit: 60 });
    if (!blocked('S3')) {
      const body = listBody(poolB);
      setCell('S3', key, (await probeCell(() => call(url(), 'ListUsers', body()), 'ListUsers')) ?? (await drive(s, 'ListUsers', body)));
    }

    // S5 AdminUpdateUserAttributes of random users.
    if (!blocked('S5')) {
      const body = (): Record<string, unknown> => ({ UserPoolId: poolB, Username: randomUser(), UserAttributes: [{ Name: 'given_name', Value: `Given${randomInt(1_000_000)}` }] });
      setCell('S5', key, (await probeCell(() => call(url(), 'AdminUpdateUserAttributes', body()), 'AdminUpdateUserAttributes')) ?? (await drive(s, 'AdminUpdateUserAttributes', body)));
    }

    // S4 / S6 need an app client and users with permanent passwords (user1 … userK).
    const authRows = (['S4', 'S6'] as const).filter((r) => !blocked(r));
    if (authRows.length > 0) {
      let authError: string | undefined;
      let clientId = '';
      const clientCall = await call(url(), 'CreateUserPoolClient', {
        UserPoolId: poolB,
        ClientName: 'bench',
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      });
      if (clientCall.status !== 200) authError = isUnsupported(clientCall) ? 'n/a (CreateUserPoolClient not implemented)' : `error: CreateUserPoolClient: ${errorOf(clientCall).slice(0, 100)}`;
      else {
        clientId = String((clientCall.json['UserPoolClient'] as { ClientId?: string } | undefined)?.ClientId ?? '');
        const probe = await call(url(), 'AdminSetUserPassword', { UserPoolId: poolB, Username: 'user1', Password: PASSWORD, Permanent: true });
        if (probe.status !== 200) authError = isUnsupported(probe) ? 'n/a (AdminSetUserPassword not implemented)' : `error: AdminSetUserPassword: ${errorOf(probe).slice(0, 100)}`;
        else {
          const m = await runLoop({
            pid: pid(),
            concurrency: CONNECTIONS,
            total: AUTH_USERS,
            step: async (i) => {
              const r = await call(url(), 'AdminSetUserPassword', { UserPoolId: poolB, Username: `user${i + 1}`, Password: PASSWORD, Permanent: true });
              return r.status === 200 ? undefined : errorOf(r);
            },
          });
          if (m.errors > 0) authError = `error: AdminSetUserPassword: ${(m.firstError ?? '').slice(0, 100)}`;
        }
      }
      const authUser = (): string => `user${randomInt(1, AUTH_USERS + 1)}`;

      // S4 InitiateAuth USER_PASSWORD_AUTH (a verifier check and RS256-signed tokens per request).
      if (authRows.includes('S4')) {
        if (authError !== undefined) setCell('S4', key, { kind: 'na', text: authError });
        else {
          const body = (): Record<string, unknown> => ({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: authUser(), PASSWORD } });
          let probe = await probeCell(() => call(url(), 'InitiateAuth', body()), 'InitiateAuth');
          if (!probe) {
            const r = await call(url(), 'InitiateAuth', body());
            if (r.json['AuthenticationResult'] === undefined) probe = { kind: 'na', text: `error: no tokens (ChallengeName ${String(r.json['ChallengeName'])})` };
          }
          setCell('S4', key, probe ?? (await drive(s, 'InitiateAuth', body)));
        }
      }

      // S6 the full SRP sign-in: InitiateAuth USER_SRP_AUTH + RespondToAuthChallenge PASSWORD_VERIFIER.
      if (authRows.includes('S6')) {
        if (authError !== undefined) setCell('S6', key, { kind: 'na', text: authError });
        else {
          const signIn = async (): Promise<string | undefined> => {
            const st = srpStart();
            const first = await call(url(), 'InitiateAuth', { AuthFlow: 'USER_SRP_AUTH', ClientId: clientId, AuthParameters: { USERNAME: authUser(), SRP_A: st.srpA } });
            if (first.status !== 200) return isUnsupported(first) ? 'UNSUPPORTED' : `InitiateAuth: ${errorOf(first)}`;
            if (first.json['ChallengeName'] !== 'PASSWORD_VERIFIER') return `InitiateAuth: expected PASSWORD_VERIFIER, got ${String(first.json['ChallengeName'])}`;
            const params = (first.json['ChallengeParameters'] ?? {}) as Record<string, string>;
            const second = await call(url(), 'RespondToAuthChallenge', {
              ChallengeName: 'PASSWORD_VERIFIER',
              ClientId: clientId,
              ...(typeof first.json['Session'] === 'string' ? { Session: first.json['Session'] } : {}),
              ChallengeResponses: srpRespond(poolB, PASSWORD, st, params),
            });
            if (second.status !== 200) return isUnsupported(second) ? 'UNSUPPORTED' : `RespondToAuthChallenge: ${errorOf(second)}`;
            if (second.json['AuthenticationResult'] === undefined) return `RespondToAuthChallenge: no tokens (ChallengeName ${String(second.json['ChallengeName'])})`;
            return undefined;
          };
          let probe: string | undefined;
          try {
            probe = await signIn();
          } catch (e) {
            probe = e instanceof Error ? e.message : String(e);
          }
          if (probe === 'UNSUPPORTED') setCell('S6', key, { kind: 'na', text: 'n/a (USER_SRP_AUTH not implemented)' });
          else if (probe !== undefined) setCell('S6', key, { kind: 'na', text: `error: ${probe.slice(0, 120)}` });
          else setCell('S6', key, loopCell(await runLoop({ pid: pid(), concurrency: CONNECTIONS, durationS: DURATION, warmupS: WARMUP, step: signIn })));
        }
      }
    }

    // S3L ListUsers again on a pool of LARGE users (cost growth), Userpool only.
    if (want('S3L') && LARGE > 0) {
      if (key === 'userpool-workers') setCell('S3L', key, { kind: 'na', text: 'not run (single process only)' });
      else if (!isUserpool) setCell('S3L', key, { kind: 'na', text: `not run (seeding ${fmtInt(LARGE)} users at peer speed takes too long)` });
      else if (mainError !== undefined) setCell('S3L', key, { kind: 'na', text: mainError });
      else {
        const seeded = await seedLarge(s, tag);
        if ('error' in seeded) setCell('S3L', key, { kind: 'na', text: `error: seeding: ${seeded.error.slice(0, 100)}` });
        else {
          const body = listBody(seeded.pool);
          setCell('S3L', key, (await probeCell(() => call(url(), 'ListUsers', body()), 'ListUsers')) ?? (await drive(s, 'ListUsers', body)));
        }
      }
    }

    // S7 the import job, Userpool only.
    if (want('S7') && IMPORT_ROWS > 0) {
      if (!isUserpool) setCell('S7', key, { kind: 'na', text: 'not run' });
      else setCell('S7', key, await runImport(s, tag));
    }

    // S8 S4's sign-in in a pool with a PreTokenGeneration function from the functions folder, Userpool only; last, so that
    // its warm function workers do not count in S7's peak RSS.
    if (want('S8')) {
      if (!isUserpool && key !== 'userpool-workers') setCell('S8', key, { kind: 'na', text: 'not run (no local functions)' });
      else setCell('S8', key, await runTriggerSignIn(s, tag));
    }
  } finally {
    await s.proc.stop();
  }
}

// ---------------------------------------------------------------- S7: import job

/** A pool that can take an import job (AWS requires auto-verified attributes for it). */
/** Users signing in to a pool whose PreTokenGeneration is examples/functions/add-claims.mjs. */
const TRIGGER_USERS = 32;

async function runTriggerSignIn(s: Subject, tag: string): Promise<Cell> {
  const url = s.proc.url;
  const created = await call(url, 'CreateUserPool', { PoolName: `bench-s8-${tag}`, LambdaConfig: { PreTokenGeneration: 'arn:aws:lambda:us-east-1:123456789012:function:add-claims' } });
  if (created.status !== 200) return { kind: 'na', text: `error: CreateUserPool: ${errorOf(created).slice(0, 100)}` };
  const pool = String((created.json['UserPool'] as { Id?: string }).Id);
  const client = await mustCall(url, 'CreateUserPoolClient', { UserPoolId: pool, ClientName: 'bench', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
  const clientId = String((client['UserPoolClient'] as { ClientId?: string }).ClientId);
  for (let i = 1; i <= TRIGGER_USERS; i++) {
    await mustCall(url, 'AdminCreateUser', createUserBody(pool, `t${i}`));
    await mustCall(url, 'AdminSetUserPassword', { UserPoolId: pool, Username: `t${i}`, Password: PASSWORD, Permanent: true });
  }
  const body = (): Record<string, unknown> => ({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: clientId, AuthParameters: { USERNAME: `t${randomInt(1, TRIGGER_USERS + 1)}`, PASSWORD } });
  const probe = await call(url, 'InitiateAuth', body());
  const idToken = (probe.json['AuthenticationResult'] as { IdToken?: string } | undefined)?.IdToken;
  if (idToken === undefined) return { kind: 'na', text: `error: InitiateAuth: ${errorOf(probe).slice(0, 100)}` };
  const claims = JSON.parse(Buffer.from(idToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  if (claims['plan'] !== 'gold') return { kind: 'na', text: 'error: the PreTokenGeneration function did not run (no plan claim)' };
  return drive(s, 'InitiateAuth', body);
}

async function createImportPool(url: string, name: string): Promise<string> {
  const out = await mustCall(url, 'CreateUserPool', { PoolName: name, AutoVerifiedAttributes: ['email'] });
  const id = (out['UserPool'] as { Id?: string } | undefined)?.Id;
  if (!id) throw new Error('CreateUserPool returned no Id');
  return id;
}

type ImportOutcome = { kind: 'done'; m: Measure; status: string; message: string; imported: number; failed: number } | { kind: 'na'; text: string };

/**
 * Runs one import job of `rows` generated rows (`${prefix}1 … ${prefix}rows`, each with a
 * verified email) into `pool`: GetCSVHeader, CreateUserImportJob, PUT of the CSV to the
 * PreSignedUrl (streamed), StartUserImportJob, DescribeUserImportJob until it ends. The measure
 * covers StartUserImportJob → end; its rssMiB is the peak RSS sampled during the job.
 */
async function importUsers(s: Subject, pool: string, prefix: string, rows: number, jobName: string): Promise<ImportOutcome> {
  const url = s.proc.url;
  const headerProbe = await probeCell(() => call(url, 'GetCSVHeader', { UserPoolId: pool }), 'GetCSVHeader');
  if (headerProbe?.kind === 'na') return headerProbe;
  const header = ((await mustCall(url, 'GetCSVHeader', { UserPoolId: pool }))['CSVHeader'] ?? []) as string[];
  const created = await call(url, 'CreateUserImportJob', { UserPoolId: pool, JobName: jobName, CloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/userpool-bench-import' });
  if (created.status !== 200) return { kind: 'na', text: isUnsupported(created) ? 'n/a (CreateUserImportJob not implemented)' : `error: ${errorOf(created).slice(0, 120)}` };
  const job = (created.json['UserImportJob'] ?? {}) as { JobId?: string; PreSignedUrl?: string };
  if (!job.JobId || !job.PreSignedUrl) return { kind: 'na', text: 'error: CreateUserImportJob returned no JobId/PreSignedUrl' };
  const presigned = job.PreSignedUrl;
  const row = (i: number): string =>
    `${header
      .map((col) => {
        switch (col) {
          case 'cognito:username':
            return `${prefix}${i}`;
          case 'email':
            return `${prefix}${i}@example.com`;
          case 'email_verified':
            return 'true';
          case 'cognito:mfa_enabled':
            return 'false';
          default:
            return '';
        }
      })
      .join(',')}\n`;
  const head = `${header.join(',')}\n`;
  let length = Buffer.byteLength(head);
  for (let i = 1; i <= rows; i++) length += row(i).length;
  const uploadStatus = await new Promise<number>((resolveUpload, reject) => {
    const req = httpRequest(presigned, { method: 'PUT', headers: { 'content-length': length, 'content-type': 'text/csv', 'x-amz-server-side-encryption': 'aws:kms' } }, (res) => {
      res.resume();
      res.on('end', () => resolveUpload(res.statusCode ?? 0));
    });
    req.on('error', reject);
    let i = 1;
    req.write(head);
    const pump = (): void => {
      while (i <= rows) {
        let chunk = '';
        for (let k = 0; k < 2000 && i <= rows; k++, i++) chunk += row(i);
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      req.end();
    };
    pump();
  });
  if (uploadStatus < 200 || uploadStatus >= 300) return { kind: 'na', text: `error: CSV upload answered HTTP ${uploadStatus}` };
  const finish = measureAround(s.proc.pid);
  let peakRss = sampleProc(s.proc.pid).rssKiB;
  const t0 = Date.now();
  const started = await call(url, 'StartUserImportJob', { UserPoolId: pool, JobId: job.JobId });
  if (started.status !== 200) return { kind: 'na', text: `error: StartUserImportJob: ${errorOf(started).slice(0, 120)}` };
  let final: Record<string, unknown> = {};
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    peakRss = Math.max(peakRss, sampleProc(s.proc.pid).rssKiB);
    const d = await mustCall(url, 'DescribeUserImportJob', { UserPoolId: pool, JobId: job.JobId });
    final = (d['UserImportJob'] ?? {}) as Record<string, unknown>;
    if (['Succeeded', 'Failed', 'Stopped', 'Expired'].includes(String(final['Status']))) break;
    if (Date.now() - t0 > 1_800_000) return { kind: 'na', text: 'error: import job still running after 30 minutes' };
  }
  const imported = Number(final['ImportedUsers'] ?? 0);
  const failed = Number(final['FailedUsers'] ?? 0) + Number(final['SkippedUsers'] ?? 0);
  const m = finish(imported, failed, Number.NaN, Number.NaN);
  m.rssMiB = peakRss / 1024;
  return { kind: 'done', m, status: String(final['Status']), message: String(final['CompletionMessage'] ?? ''), imported, failed };
}

/** S7: the import job itself, measured. */
async function runImport(s: Subject, tag: string): Promise<Cell> {
  const pool = await createImportPool(s.proc.url, `bench-import-${tag}`);
  log(`S7: import job of ${fmtInt(IMPORT_ROWS)} rows`);
  const r = await importUsers(s, pool, 'imp', IMPORT_ROWS, `bench-${tag}`);
  if (r.kind === 'na') return r;
  notes.push(`S7 (Userpool): import job of ${fmtInt(IMPORT_ROWS)} rows ended ${r.status} in ${r.m.wallS.toFixed(1)} s (StartUserImportJob → end, polled every 100 ms): ${fmtInt(r.imported)} imported, ${fmtInt(r.failed)} failed/skipped; peak RSS during the job ${fmtInt(r.m.rssMiB)} MiB.`);
  if (r.status !== 'Succeeded') return { kind: 'na', text: `error: job ${r.status}: ${r.message}`.slice(0, 140) };
  if (r.failed > 0) return { kind: 'ok', m: r.m, note: `${fmtInt(r.failed)} rows failed` };
  return { kind: 'ok', m: r.m };
}

/**
 * Seeding of a large pool (not measured): through an import job when the server has them
 * (much faster than one AdminCreateUser per user), else through the API.
 */
async function seedLarge(s: Subject, tag: string): Promise<{ pool: string } | { error: string }> {
  const pool = await createImportPool(s.proc.url, `bench-large-${tag}`);
  const t0 = Date.now();
  const r = await importUsers(s, pool, 'user', LARGE, `bench-seed-${tag}`);
  if (r.kind === 'done' && r.status === 'Succeeded' && r.imported === LARGE) {
    const secs = (Date.now() - t0) / 1000;
    notes.push(`Seeding (${s.key}, not measured): ${fmtInt(LARGE)} users for the large S3 through one import job in ${secs.toFixed(1)} s (${fmtInt(LARGE / secs)}/s, upload included).`);
    return { pool };
  }
  if (r.kind === 'done') log(`seeding through an import job failed (${r.status}, ${r.imported} imported: ${r.message}); seeding through AdminCreateUser`);
  const apiPool = await createPool(s.proc.url, `bench-large-api-${tag}`);
  const err = await seedUsers(s, apiPool, 'user', LARGE, CONNECTIONS * 2);
  return err === undefined ? { pool: apiPool } : { error: err };
}

// ---------------------------------------------------------------- the processes

const tmp = mkdtempSync(join(tmpdir(), 'userpool-bench-'));

async function startUserpool(workers = 1, dbName = workers > 1 ? 'bench-workers.db' : 'bench.db'): Promise<Subject> {
  const port = await freePort();
  const masterKey = randomBytes(32).toString('hex');
  const nodeFlags = args['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', join(REPO, 'bench', 'profiles')] : [];
  const { command, args: baseArgs } = userpoolCommand(REPO, nodeFlags);
  const cmdArgs = workers > 1 ? [...baseArgs, '--workers', String(workers)] : baseArgs;
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('USERPOOL_')) delete env[k];
  Object.assign(env, {
    DATABASE_URL: `sqlite:${join(tmp, dbName)}`,
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    USERPOOL_MASTER_KEY: masterKey,
    USERPOOL_DATA_DIR: join(tmp, 'userpool-data'),
    USERPOOL_LAMBDA_DIR: join(REPO, 'examples', 'functions'),
    NODE_ENV: 'production',
  });
  const launch = (): Promise<ServerProcess> => startProcess({ name: 'Userpool', command, args: cmdArgs, port, cwd: REPO, env, logFile: join(tmp, 'userpool.log') });
  let proc = await launch();
  log(`Userpool: ${[command, ...cmdArgs].join(' ')} (pid ${proc.pid}) on ${proc.url}, database ${env['DATABASE_URL']}`);
  return {
    key: workers > 1 ? 'userpool-workers' : 'userpool',
    proc,
    restart: async () => {
      await proc.stop('SIGKILL');
      proc = await launch();
      log(`Userpool restarted after SIGKILL (pid ${proc.pid})`);
      return proc;
    },
  };
}

/** The target for the resident memory of a server just started (issue 12: compiled, no loader). */
const IDLE_RSS_TARGET_MIB = 80;

/**
 * Resident memory of `npm start`'s command on a new SQLite file, once /health answers and the
 * process has been idle for 3 s (start-up garbage collected, the purge timer armed, no request yet
 * but the health probe).
 */
async function measureIdleRss(): Promise<string> {
  const s = await startUserpool(1, 'bench-idle.db');
  try {
    await new Promise((r) => setTimeout(r, 3000));
    const mib = sampleProc(s.proc.pid).rssKiB / 1024;
    const met = mib <= IDLE_RSS_TARGET_MIB;
    return `| idle RSS after start | ${mib.toFixed(1)} MiB | ≤ ${IDLE_RSS_TARGET_MIB} MiB | ${met ? 'yes' : 'NO'} |`;
  } finally {
    await s.proc.stop('SIGTERM');
  }
}

function pythonModuleVersion(mod: string): string | undefined {
  try {
    return execFileSync('python3', ['-c', `import ${mod}; print(${mod}.__version__)`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

async function startMoto(): Promise<Subject> {
  const port = await freePort();
  const cwd = join(tmp, 'moto');
  mkdirSync(cwd, { recursive: true });
  const proc = await startProcess({ name: 'moto', command: 'python3', args: ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], port, cwd, env: { ...process.env, AWS_DEFAULT_REGION: 'us-east-1' }, logFile: join(tmp, 'moto.log') });
  return { key: 'moto', proc };
}

function cognitoLocalEntry(): { entry: string; version: string } | undefined {
  try {
    const require = createRequire(import.meta.url);
    const pkgPath = require.resolve('cognito-local/package.json');
    const pkg = require(pkgPath) as { version: string; bin?: string | Record<string, string> };
    const bin = typeof pkg.bin === 'string' ? pkg.bin : (pkg.bin?.['cognito-local'] ?? 'lib/bin/start.js');
    return { entry: join(dirname(pkgPath), bin), version: pkg.version };
  } catch {
    return undefined;
  }
}

async function startCognitoLocal(entry: string): Promise<Subject> {
  const port = await freePort();
  const cwd = join(tmp, 'cognito-local');
  mkdirSync(join(cwd, '.cognito'), { recursive: true });
  // cognito-local makes every new pool sign in by email (UsernameAttributes ["email"]) unless its
  // config says otherwise; AWS's default, and Userpool's, is a plain username.
  writeFileSync(join(cwd, '.cognito', 'config.json'), JSON.stringify({ UserPoolDefaults: { UsernameAttributes: [] } }));
  const proc = await startProcess({ name: 'cognito-local', command: process.execPath, args: [entry], port, cwd, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' }, logFile: join(tmp, 'cognito-local.log') });
  return { key: 'cognito-local', proc };
}

async function benchCeiling(): Promise<void> {
  const port = await freePort();
  const proc = await startProcess({ name: 'ceiling', command: process.execPath, args: ['-e', CEILING_SOURCE], port, cwd: tmp, env: { ...process.env, PORT: String(port) }, logFile: join(tmp, 'ceiling.log') });
  try {
    const body = (): Record<string, unknown> => ({ UserPoolId: 'us-east-1_AbCdEfGhI', Username: `user${randomInt(1, USERS + 1)}` });
    setCell('ceiling', 'userpool', cannonCell(await runCannon({ url: proc.url, pid: proc.pid, operation: 'AdminGetUser', connections: CONNECTIONS, durationS: DURATION, warmupS: WARMUP, body })));
    if (want('S6')) {
      // The same two-round-trip loop S6 uses, against the ceiling: S6's reference.
      const step = async (): Promise<string | undefined> => {
        for (const op of ['InitiateAuth', 'RespondToAuthChallenge']) {
          const r = await call(proc.url, op, { ClientId: 'x', AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'user1', SRP_A: 'ab' } });
          if (r.status !== 200) return errorOf(r);
        }
        return undefined;
      };
      setCell('ceiling-loop', 'userpool', loopCell(await runLoop({ pid: proc.pid, concurrency: CONNECTIONS, durationS: DURATION, warmupS: WARMUP, step })));
    }
  } finally {
    await proc.stop();
  }
}

// ---------------------------------------------------------------- the table

interface RowDef {
  id: RowId;
  label: string;
  /** The issue's target for this row, in words. */
  target?: string;
  met?: (m: Measure, ratio: number) => boolean;
  /** False when this run is smaller than the size the target is set for (then "met" is indicative). */
  atTargetSize?: boolean;
}

const ceilingRps = (): number => {
  const c = cells.get(cellKey('ceiling', 'userpool'));
  return c?.kind === 'ok' ? c.m.rps : Number.NaN;
};
const ceilingLoopRps = (): number => {
  const c = cells.get(cellKey('ceiling-loop', 'userpool'));
  return c?.kind === 'ok' ? c.m.rps : Number.NaN;
};
const ratioOf = (row: RowId, m: Measure): number => (row === 'S6' || row === 'ceiling-loop' ? m.rps / ceilingLoopRps() : row === 'S7' ? Number.NaN : m.rps / ceilingRps());

function s3Growth(): number {
  const small = cells.get(cellKey('S3', 'userpool'));
  const large = cells.get(cellKey('S3L', 'userpool'));
  return small?.kind === 'ok' && large?.kind === 'ok' ? small.m.rps / large.m.rps : Number.NaN;
}

function rows(): RowDef[] {
  const g = s3Growth();
  return [
    { id: 'ceiling', label: 'ceiling: bare node:http, JSON.parse, fixed reply (autocannon)' },
    { id: 'ceiling-loop', label: 'ceiling: 2-request node:http loop (reference for S6)' },
    {
      id: 'S1',
      label: 'S1 AdminCreateUser (SUPPRESS, email), from 0 users',
      target: `≥ 0.25× ceiling, acknowledged users durable${durable ? ` (${fmtInt(durable.found)}/${fmtInt(durable.acknowledged)} after SIGKILL)` : ''}`,
      met: (_m, r) => r >= 0.25 && (durable === undefined || durable.found >= durable.acknowledged),
    },
    { id: 'S2', label: `S2 AdminGetUser, random of ${fmtInt(USERS)}`, target: '≥ 0.5× ceiling, p99 ≤ 10 ms', met: (m, r) => r >= 0.5 && m.p99 <= 10 },
    { id: 'S3', label: `S3 ListUsers email ^= "user1", Limit 60, ${fmtInt(USERS)} users` },
    {
      id: 'S3L',
      label: `S3 ListUsers email ^= "user1", Limit 60, ${fmtInt(LARGE)} users`,
      target: `≥ 0.3× ceiling; ≤ 1.2× slower than at ${fmtInt(USERS)} (now ${Number.isFinite(g) ? g.toFixed(2) : '—'}×); RSS ≤ 200 MiB${LARGE === 100_000 ? '' : ' (targets are at 100,000: --full)'}`,
      met: (m, r) => r >= 0.3 && g <= 1.2 && m.rssMiB <= 200,
      atTargetSize: LARGE === 100_000,
    },
    { id: 'S4', label: 'S4 InitiateAuth USER_PASSWORD_AUTH (tokens/s)', target: '≥ 400/s', met: (m) => m.rps >= 400 },
    { id: 'S5', label: 'S5 AdminUpdateUserAttributes (given_name)' },
    { id: 'S6', label: 'S6 SRP sign-in, 2 round trips (sign-ins/s)', target: '≥ 150/s', met: (m) => m.rps >= 150 },
    { id: 'S8', label: 'S8 S4 with a PreTokenGeneration function from the functions folder (tokens/s)' },
    {
      id: 'S7',
      label: `S7 import job, ${fmtInt(IMPORT_ROWS)} rows (rows/s; RSS = peak)`,
      target: `1M rows ≤ 60 s (≥ 16,667 rows/s), RSS ≤ 300 MiB${IMPORT_ROWS === 1_000_000 ? '' : ' (target is at 1M: --full)'}`,
      met: (m) => m.rps >= 1_000_000 / 60 && m.rssMiB <= 300,
      atTargetSize: IMPORT_ROWS === 1_000_000,
    },
  ];
}

function peerCell(row: RowId, key: SubjectKey): string {
  const status = peerStatus.get(key);
  if (status === undefined) return '';
  if (status !== 'ran') return row === 'ceiling' ? status : '';
  const c = cells.get(cellKey(row, key));
  if (c === undefined) return '';
  return c.kind === 'ok' ? `${fmtInt(c.m.rps)} (p99 ${fmtMs(c.m.p99)} ms)` : c.text;
}

const fmtCores = (m: Measure): string => `${m.serverCores.toFixed(2)} / ${m.genCores.toFixed(2)} / ${m.otherCores.toFixed(2)}`;

function renderTable(): string {
  const peers = (['userpool-workers', 'moto', 'cognito-local'] as const).filter((k) => peerStatus.has(k));
  const head = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'CPU µs/req', '× ceiling', 'RSS MiB', 'target', 'met?', ...peers.map((p) => `${subjectLabel(p)} req/s (p99)`), 'cores: server / load gen / other'];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map((_h, i) => (i === 0 || i === 7 ? ' --- ' : ' ---: ')).join('|')}|`];
  for (const def of rows()) {
    const c = cells.get(cellKey(def.id, 'userpool'));
    if (c === undefined && !peers.some((p) => cells.has(cellKey(def.id, p)))) continue;
    let cols: string[];
    let cores = '';
    if (c?.kind === 'ok') {
      const ratio = ratioOf(def.id, c.m);
      const met = def.met?.(c.m, ratio);
      cols = [
        fmtInt(c.m.rps),
        fmtMs(c.m.p50),
        fmtMs(c.m.p99),
        fmtInt(c.m.cpuUsPerReq),
        Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—',
        fmtInt(c.m.rssMiB),
        `${def.target ?? ''}${c.note ? ` (${c.note})` : ''}`,
        `${met === undefined ? '' : met ? 'met' : '**not met**'}${met !== undefined && def.atTargetSize === false ? ' (at this size)' : ''}`,
      ];
      cores = fmtCores(c.m);
    } else {
      cols = [c?.text ?? '', '', '', '', '', '', def.target ?? '', def.target === undefined ? '' : '—'];
    }
    lines.push(`| ${[def.label, ...cols, ...peers.map((p) => peerCell(def.id, p)), cores].join(' | ')} |`);
  }
  return lines.join('\n');
}

function renderPeerDetails(): string {
  const peers = (['userpool-workers', 'moto', 'cognito-local'] as const).filter((k) => peerStatus.get(k) === 'ran');
  if (peers.length === 0) return '';
  const lines = ['| scenario | server | req/s | p50 ms | p99 ms | CPU µs/req | × ceiling | RSS MiB | cores: server / load gen / other |', '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'];
  for (const def of rows()) {
    for (const p of peers) {
      const c = cells.get(cellKey(def.id, p));
      if (c === undefined) continue;
      if (c.kind === 'ok') {
        const r = ratioOf(def.id, c.m);
        lines.push(`| ${def.label} | ${subjectLabel(p)} | ${fmtInt(c.m.rps)} | ${fmtMs(c.m.p50)} | ${fmtMs(c.m.p99)} | ${fmtInt(c.m.cpuUsPerReq)} | ${Number.isFinite(r) ? `${r.toFixed(3)}×` : '—'} | ${fmtInt(c.m.rssMiB)} | ${fmtCores(c.m)} |`);
      } else lines.push(`| ${def.label} | ${subjectLabel(p)} | ${c.text} | | | | | | |`);
    }
  }
  return lines.join('\n');
}

function gitCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const startedAt = new Date();
  const t0 = Date.now();
  const load0 = loadavg()[0] ?? 0;
  log(`duration ${DURATION} s per scenario, ${CONNECTIONS} connections, N = ${fmtInt(USERS)} users, large S3 at ${fmtInt(LARGE)}, import ${fmtInt(IMPORT_ROWS)} rows; temp dir ${tmp}`);

  log('ceiling (bare node:http)');
  await benchCeiling();

  log('Userpool idle memory');
  const idle = ['| measure | Userpool | target | met? |', '| --- | ---: | --- | --- |', await measureIdleRss()].join('\n');

  log('Userpool');
  await benchSubject(() => startUserpool());

  if (WORKERS > 1) {
    log(`Userpool --workers ${WORKERS}`);
    peerStatus.set('userpool-workers', 'ran');
    try {
      await benchSubject(() => startUserpool(WORKERS));
      notes.push(`Userpool --workers ${WORKERS}: the same command with \`--workers ${WORKERS}\` (node:cluster: ${WORKERS} worker processes sharing the listening socket and the SQLite file); CPU and RSS are the primary's and the workers' together. The targets are for one process (the table's main columns).`);
    } catch (e) {
      if (![...cells.keys()].some((k) => k.endsWith('/userpool-workers'))) peerStatus.set('userpool-workers', 'failed');
      notes.push(`Userpool --workers ${WORKERS}: the run stopped with an error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
    }
  }

  if (!args['no-peers']) {
    const motoVersion = pythonModuleVersion('moto');
    if (motoVersion === undefined) {
      peerStatus.set('moto', 'not installed');
      notes.push('moto: not installed (python3 -m moto.server unavailable), column empty.');
    } else {
      log(`moto ${motoVersion}`);
      try {
        peerStatus.set('moto', 'ran');
        await benchSubject(startMoto);
        notes.push(`moto ${motoVersion}: \`python3 -m moto.server\` (in-memory, one Python process).`);
        const s6 = cells.get(cellKey('S6', 'moto'));
        if (s6?.kind === 'na' && s6.text.includes('UserNotFoundException')) {
          notes.push('moto S6: its PASSWORD_VERIFIER challenge names the user by an internal id (USER_ID_FOR_SRP) that RespondToAuthChallenge then cannot find; amazon-cognito-identity-js sends that id back as USERNAME exactly as this benchmark does, so SRP sign-in fails against moto for real clients too.');
        }
      } catch (e) {
        // Rows measured before the failure stay in the table; the note says where it stopped.
        if (![...cells.keys()].some((k) => k.endsWith('/moto'))) peerStatus.set('moto', 'failed');
        notes.push(`moto ${motoVersion}: the run stopped with an error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      }
    }
    const cl = cognitoLocalEntry();
    if (cl === undefined) {
      peerStatus.set('cognito-local', 'not installed');
      notes.push('cognito-local: not installed (npm devDependency missing), column empty.');
    } else {
      log(`cognito-local ${cl.version}`);
      try {
        peerStatus.set('cognito-local', 'ran');
        await benchSubject(() => startCognitoLocal(cl.entry));
        notes.push(`cognito-local ${cl.version}: its own start script (JSON files in .cognito/db, request logging on), config \`UserPoolDefaults.UsernameAttributes: []\` so pools take plain usernames as on AWS.`);
      } catch (e) {
        // Rows measured before the failure stay in the table; the note says where it stopped.
        if (![...cells.keys()].some((k) => k.endsWith('/cognito-local'))) peerStatus.set('cognito-local', 'failed');
        notes.push(`cognito-local ${cl.version}: the run stopped with an error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      }
    }
  }

  const cpu = cpus();
  const elapsed = (Date.now() - t0) / 1000;
  const table = renderTable();
  const details = renderPeerDetails();
  const argv = process.argv.slice(2).join(' ');
  const md = [
    '# Userpool benchmark',
    '',
    `\`npm run bench${argv ? ` -- ${argv}` : ''}\` — ${startedAt.toISOString()}, commit ${gitCommit()}, ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, Node ${process.version}; ${DURATION} s per scenario, ${CONNECTIONS} keep-alive connections (autocannon; S6 and the loop ceiling: a node:http keep-alive loop at the same concurrency); run took ${elapsed.toFixed(0)} s.`,
    '',
    'Userpool: `npm start`\'s command on a fresh SQLite file database, default settings, LOG_LEVEL=warn. CPU µs/req and RSS are read from /proc for the server process alone (with --workers: the primary and its workers together); × ceiling = req/s divided by the bare node:http server\'s req/s in the same run (S6: by the 2-request loop ceiling). The load generator runs in the bench process and shares the machine\'s cores with the server; the last column shows the cores used during each measurement by the server, by the load generator and by every other process (well above 0 means the machine was busy and the numbers are low).',
    '',
    `1-minute load average: ${load0.toFixed(2)} at the start, ${(loadavg()[0] ?? 0).toFixed(2)} at the end; ${quietWaitedS().toFixed(0)} s spent waiting for other processes to go idle before measurements.`,
    '',
    idle,
    '',
    table,
    '',
    ...(details ? ['Peers in detail:', '', details, ''] : []),
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, md);
  console.log(`\n${idle}\n\n${table}\n`);
  if (details) console.log(`Peers in detail:\n\n${details}\n`);
  for (const n of notes) console.log(`- ${n}`);
  console.log(`\nwritten to ${OUT} (${elapsed.toFixed(0)} s)`);
}

try {
  await main();
} finally {
  agent.destroy();
  rmSync(tmp, { recursive: true, force: true });
}
