/**
 * Every ```sh, ```js and ```python block of README.md runs as printed against a server this test
 * starts the way the README says (`npm start`'s command, defaults only: SQLite file in ./.userpool,
 * SigV4 `accept`, outbox on; PORT=0 so it gets a free port). A README example that breaks breaks
 * `npm test`.
 *
 * How a block runs: sh with `bash` after `set -euo pipefail`, js as an ES module with `node`
 * (written under the worktree so the project's node_modules resolve), python with `python3`; each
 * in its own directory under .readme-examples/ (gitignored), with no AWS_* variable, no AWS config
 * file and no USERPOOL_* variable from the caller's environment, but with the server's
 * DATABASE_URL / USERPOOL_DATA_DIR (as in the shell that ran `npm start`, for `npx userpool`).
 * It passes when it exits 0, prints no AWS error body (`"__type":`) or OAuth error
 * (`"error":"…"`), and its output matches the marker's `expect` patterns.
 *
 * The only changes made to a block's text are mechanical substitutions:
 *   127.0.0.1:9339, localhost:9339 → the test server's port instead of 9339
 *   us-east-1_AbCdEfGhI    → a fixture pool: email auto-verified, app client (USER_PASSWORD_AUTH),
 *                            user jane (jane@example.com, Passw0rd!) signed up and confirmed
 *   us-east-1_XyZxYzXyZ    → a fixture pool with email auto-verified and no users
 *   import-AbCdEf1234      → a finished import job of that second pool, with one failed row
 *
 * Markers: an HTML comment on the line before a block (README renderers hide it).
 *   <!-- example: NAME [continues=A,B] [uses=idToken,clientId] [expect="regex"]… [server="NAME=value …"]
 *                      [errors=shown] [pending=BRANCH] -->
 *     NAME       how other blocks refer to this one
 *     continues  the named blocks' code runs first, in the same program (same language)
 *     uses       free JS variables the block takes from the fixture, as the prose around it says:
 *                idToken, accessToken (jane's), clientId (the fixture pool's app client)
 *     expect     a pattern (multiline RegExp) the standard output must match: what the README
 *                states as the output in a comment
 *     server     "NAME=value …": the block runs against a server of its own, started with these
 *                settings added to the defaults (e.g. server="USERPOOL_ISSUER=aws"), with its own
 *                fixture
 *     errors     errors=shown: the block shows failures on purpose (e.g. a refused request): sh runs
 *                without `set -e`, the exit code and error bodies are not checked, and at least one
 *                expect= must say which failure the README shows
 *     pending    the block fails until BRANCH's server fix is merged: run and reported as a TODO
 *   <!-- not run: REASON -->  for the rare block that cannot run here (npm ci, npm start, npm test)
 * A block without a marker runs on its own with no expectation beyond the above.
 * A block whose command-line tools (aws, curl, jq, openssl, python3 + boto3) are not installed is
 * skipped with a loud warning, as the other client suites do.
 * README_EXAMPLES=name,name runs only those blocks (while editing them);
 * README_EXAMPLES_KEEP=1 keeps .readme-examples/<run>/<block>/ (program, stdout, stderr) for a look.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  ConfirmSignUpCommand,
  CreateUserImportJobCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserImportJobCommand,
  GetCSVHeaderCommand,
  InitiateAuthCommand,
  SignUpCommand,
  StartUserImportJobCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { readmeBlocks, type ReadmeBlock } from './helpers/readme-blocks.ts';

const ROOT = join(import.meta.dirname, '..');
const README_HOSTS = ['127.0.0.1:9339', 'localhost:9339'];
const PLACEHOLDER_POOL = 'us-east-1_AbCdEfGhI';
const PLACEHOLDER_EMPTY_POOL = 'us-east-1_XyZxYzXyZ';
const PLACEHOLDER_JOB = 'import-AbCdEf1234';
const FIXTURE_VARIABLES = ['idToken', 'accessToken', 'clientId'] as const;
const BLOCK_TIMEOUT_MS = 150_000;

const blocks = readmeBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8'));
const byName = new Map(blocks.map((b) => [b.name, b]));

const TOOLS = ['aws', 'curl', 'jq', 'openssl', 'python3'] as const;
const installed = new Map(TOOLS.map((tool) => [tool, spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0]));
const hasBoto3 = installed.get('python3') && spawnSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0;

/** Commands a program needs that this machine lacks: the block is skipped loudly, as the other client suites do. */
function missingTools(lang: ReadmeBlock['lang'], code: string): string[] {
  if (lang === 'python') return hasBoto3 ? [] : ['python3 with boto3'];
  if (lang !== 'sh') return [];
  return TOOLS.filter((tool) => !installed.get(tool) && new RegExp(`(^|[\\s|($])${tool}\\s`, 'm').test(code));
}

/** The block's program: the code of the blocks it continues (recursively), then its own. */
function program(block: ReadmeBlock, seen: string[] = []): string {
  if (seen.includes(block.name)) throw new Error(`README example "${block.name}": continues itself (${[...seen, block.name].join(' → ')})`);
  const parts = block.continues.map((n) => {
    const earlier = byName.get(n);
    if (!earlier) throw new Error(`README example "${block.name}": continues unknown example "${n}"`);
    if (earlier.lang !== block.lang) throw new Error(`README example "${block.name}" (${block.lang}) continues "${n}" (${earlier.lang})`);
    return program(earlier, [...seen, block.name]);
  });
  return [...parts, block.code].join('\n');
}

interface Fixture {
  url: string;
  pool: string;
  emptyPool: string;
  job: string;
  idToken: string;
  accessToken: string;
  clientId: string;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runProcess(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), BLOCK_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The caller's environment without anything that would make an example pass that fails for a reader. */
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(AWS_|USERPOOL_|DATABASE_URL$|PORT$|HOST$|NODE_OPTIONS$|NODE_ENV$|NODE_TEST_CONTEXT$|LOG_LEVEL$)/.test(k)) continue;
    env[k] = v;
  }
  return { ...env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', ...extra };
}

interface Server {
  child: ChildProcess;
  url: string;
  dataDir: string;
  fixture: Fixture;
}

/** `npm start`'s command (the compiled `userpool serve`) in its own directory (so ./.userpool is its own), on a free port, with its fixture. */
async function startServer(dir: string, settings: Record<string, string>, children: ChildProcess[]): Promise<Server> {
  mkdirSync(dir, { recursive: true });
  // A seed file or functions folder named relative to the repository (server="USERPOOL_SEED=examples/seed.json"), as `npm start` there would read it.
  const resolved = { ...settings };
  for (const name of ['USERPOOL_SEED', 'USERPOOL_LAMBDA_DIR']) {
    const value = settings[name];
    if (value !== undefined && !value.startsWith('/')) resolved[name] = join(ROOT, value);
  }
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'userpool.mjs'), 'serve'], {
    cwd: dir,
    env: cleanEnv({ ...resolved, PORT: '0' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    let log = '';
    const onData = (d: Buffer): void => {
      log += d.toString();
      const m = /"msg":"userpool listening"/.test(log) && /"url":"(https?:\/\/[^"]+)"/.exec(log);
      if (m) resolve(m[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited (${code}) before listening:\n${log}`)));
  });
  return { child, url, dataDir: join(dir, '.userpool'), fixture: await createFixture(url) };
}

describe('README examples run as printed', { concurrency: true }, () => {
  const runDir = join(ROOT, '.readme-examples', `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`);
  const children: ChildProcess[] = [];
  const servers = new Map<string, Promise<Server>>();
  const serverFor = (settings: Record<string, string> = {}): Promise<Server> => {
    const key = JSON.stringify(Object.entries(settings).sort());
    if (!servers.has(key)) servers.set(key, startServer(join(runDir, `server-${servers.size}`), settings, children));
    return servers.get(key)!;
  };

  before(async () => {
    await serverFor(); // the defaults' server: a server that does not start fails every example here
  });

  after(async () => {
    await Promise.allSettled(servers.values());
    for (const child of children) {
      if (child.exitCode !== null || child.signalCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (process.env['README_EXAMPLES_KEEP']) return;
    rmSync(runDir, { recursive: true, force: true });
    try {
      rmdirSync(dirname(runDir)); // when no other run is using it
    } catch {
      // another run's directory is still there
    }
  });

  it('every marker names a known example and fixture variable', () => {
    for (const b of blocks) {
      program(b);
      for (const v of b.uses) assert.ok((FIXTURE_VARIABLES as readonly string[]).includes(v), `README example "${b.name}": unknown fixture variable "${v}"`);
      if (b.notRun !== undefined) assert.ok(b.continues.length === 0 && b.expect.length === 0, `README example "${b.name}" is not run: it takes no other attribute`);
    }
    assert.equal(new Set(blocks.map((b) => b.name)).size, blocks.length, 'README example names are unique');
  });

  for (const block of blocks) {
    const title = `${block.name} (README line ${block.line}, ${block.lang})`;
    if (block.notRun !== undefined) {
      it(title, { skip: `not run: ${block.notRun}` }, () => {});
      continue;
    }
    const only = process.env['README_EXAMPLES']?.split(',');
    if (only && !only.includes(block.name)) {
      it(title, { skip: 'not in README_EXAMPLES' }, () => {});
      continue;
    }
    let missing: string[] = [];
    try {
      missing = missingTools(block.lang, program(block));
    } catch {
      // a broken marker: the marker test above says which
    }
    if (missing.length > 0) {
      console.warn(`\n!!! README example ${block.name} SKIPPED: ${missing.join(', ')} not installed !!!\n`);
      it(title, { skip: `${missing.join(', ')} not installed` }, () => {});
      continue;
    }
    const options = block.pending ? { todo: `pending: ${block.pending}` } : {};
    it(title, options, async (t) => {
      const dir = join(runDir, block.name.replace(/[^\w.-]/g, '_'));
      mkdirSync(dir, { recursive: true });
      const { url, dataDir, fixture } = await serverFor(block.server);
      const port = new URL(url).port;
      let code = program(block);
      for (const host of README_HOSTS) code = code.replaceAll(host, host.replace('9339', port));
      code = code
        .replaceAll(PLACEHOLDER_POOL, fixture.pool)
        .replaceAll(PLACEHOLDER_EMPTY_POOL, fixture.emptyPool)
        .replaceAll(PLACEHOLDER_JOB, fixture.job);
      const uses = new Set([block, ...block.continues.map((n) => byName.get(n)!)].flatMap((b) => b.uses));
      if (block.lang === 'js' && uses.size > 0) {
        code = `${[...uses].map((v) => `const ${v} = ${JSON.stringify(fixture[v as (typeof FIXTURE_VARIABLES)[number]])};`).join('\n')}\n${code}`;
      }
      const env = cleanEnv({ DATABASE_URL: `sqlite:${join(dataDir, 'userpool.db')}`, USERPOOL_DATA_DIR: dataDir });
      let run: Run;
      if (block.lang === 'sh') {
        writeFileSync(join(dir, 'example.sh'), `${block.showsErrors ? 'set -uo pipefail' : 'set -euo pipefail'}\n${code}`);
        run = await runProcess('bash', ['example.sh'], dir, env);
      } else if (block.lang === 'js') {
        writeFileSync(join(dir, 'example.mjs'), code);
        run = await runProcess(process.execPath, ['example.mjs'], dir, env);
      } else {
        writeFileSync(join(dir, 'example.py'), code);
        run = await runProcess('python3', ['example.py'], dir, env);
      }
      writeFileSync(join(dir, 'stdout'), run.stdout);
      writeFileSync(join(dir, 'stderr'), run.stderr);
      const shown = `--- stdout:\n${run.stdout.slice(-4000)}\n--- stderr:\n${run.stderr.slice(-4000)}`;
      if (!block.showsErrors) {
        assert.equal(run.code, 0, `exit code ${run.code}\n${shown}`);
        assert.doesNotMatch(run.stdout, /"__type"\s*:/, `printed an AWS error\n${shown}`);
        assert.doesNotMatch(run.stdout, /"error"\s*:\s*"/, `printed an OAuth error\n${shown}`);
      }
      for (const re of block.expect) assert.match(run.stdout, re, `output does not match the README's expectation ${re}\n${shown}`);
      if (block.pending) t.diagnostic(`passes now: remove "pending=${block.pending}" from its README marker`);
    });
  }
});

/** The pools, user, tokens and import job the README's placeholders stand for. */
async function createFixture(url: string): Promise<Fixture> {
  const cognito = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  try {
    const pool = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'readme', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
    const clientId = (await cognito.send(new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))).UserPoolClient!.ClientId!;
    await cognito.send(new SignUpCommand({ ClientId: clientId, Username: 'jane', Password: 'Passw0rd!', UserAttributes: [{ Name: 'email', Value: 'jane@example.com' }] }));
    const messages = (await (await fetch(`${url}/_userpool/messages?userPoolId=${pool}&username=jane`)).json()) as { code?: string }[];
    const code = messages.find((m) => m.code)?.code;
    assert.ok(code, 'the sign-up code is in the outbox');
    await cognito.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'jane', ConfirmationCode: code }));
    const auth = await cognito.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'jane', PASSWORD: 'Passw0rd!' } }));
    const { IdToken: idToken, AccessToken: accessToken } = auth.AuthenticationResult!;

    const emptyPool = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'readme-empty', AutoVerifiedAttributes: ['email'] }))).UserPool!.Id!;
    const header = (await cognito.send(new GetCSVHeaderCommand({ UserPoolId: emptyPool }))).CSVHeader!;
    const row = header.map((h) => ({ 'cognito:username': 'no-email', email_verified: 'false', 'cognito:mfa_enabled': 'false' })[h] ?? '');
    const { UserImportJob } = await cognito.send(new CreateUserImportJobCommand({ UserPoolId: emptyPool, JobName: 'fixture', CloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/CognitoImport' }));
    const put = await fetch(UserImportJob!.PreSignedUrl!, { method: 'PUT', body: `${header.join(',')}\n${row.join(',')}\n` });
    assert.equal(put.status, 200, 'the fixture CSV uploads');
    await cognito.send(new StartUserImportJobCommand({ UserPoolId: emptyPool, JobId: UserImportJob!.JobId! }));
    for (let i = 0; ; i++) {
      const job = (await cognito.send(new DescribeUserImportJobCommand({ UserPoolId: emptyPool, JobId: UserImportJob!.JobId! }))).UserImportJob!;
      if (['Succeeded', 'Failed', 'Stopped', 'Expired'].includes(job.Status!)) break;
      assert.ok(i < 300, `the fixture import job ends (${job.Status})`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return { url, pool, emptyPool, job: UserImportJob!.JobId!, idToken: idToken!, accessToken: accessToken!, clientId };
  } finally {
    cognito.destroy();
  }
}

describe('README example markers', () => {
  const fence = '```';
  it('reads names, continuations, fixture variables, expectations and pending branches', () => {
    const [a, b] = readmeBlocks(`<!-- example: first expect="^ok$" -->\n${fence}sh\necho ok\n${fence}\n\n<!-- example: second continues=first uses=idToken pending=h-x -->\n${fence}js\nx\n${fence}\n`);
    assert.deepEqual([a!.name, a!.lang, a!.line, a!.code, a!.expect.map(String)], ['first', 'sh', 2, 'echo ok\n', ['/^ok$/m']]);
    assert.deepEqual([b!.name, b!.continues, b!.uses, b!.pending], ['second', ['first'], ['idToken'], 'h-x']);
  });
  it("reads the settings of a block's own server", () => {
    const [a] = readmeBlocks(`<!-- example: aws server="USERPOOL_ISSUER=aws LOG_LEVEL=warn" -->\n${fence}js\nx\n${fence}\n`);
    assert.deepEqual(a!.server, { USERPOOL_ISSUER: 'aws', LOG_LEVEL: 'warn' });
    assert.throws(() => readmeBlocks(`<!-- example: aws server=oops -->\n${fence}js\nx\n${fence}\n`), /not NAME=value/);
  });
  it('takes errors=shown only with an expectation of the error', () => {
    const [a] = readmeBlocks(`<!-- example: refused errors=shown expect="AccessDeniedException" -->\n${fence}sh\nx\n${fence}\n`);
    assert.equal(a!.showsErrors, true);
    assert.throws(() => readmeBlocks(`<!-- example: refused errors=shown -->\n${fence}sh\nx\n${fence}\n`), /needs an expect=/);
  });
  it('runs an unmarked block on its own and skips blocks of other languages', () => {
    const blocks = readmeBlocks(`${fence}\nnpm run x\n${fence}\n${fence}python\nprint(1)\n${fence}\n`);
    assert.deepEqual(blocks.map((b) => [b.name, b.continues, b.expect]), [['python@4', [], []]]);
  });
  it('refuses a marker without a block, an unknown attribute, and "not run" without a reason', () => {
    assert.throws(() => readmeBlocks('<!-- example: a -->\ntext\n'), /marker not followed by a code block/);
    assert.throws(() => readmeBlocks(`<!-- example: a after=b -->\n${fence}sh\nx\n${fence}\n`), /unknown marker attribute "after"/);
    assert.throws(() => readmeBlocks(`<!-- not run: -->\n${fence}sh\nx\n${fence}\n`), /needs a reason/);
  });
});
