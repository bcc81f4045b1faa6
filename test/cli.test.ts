/**
 * The `userpool` command as an operator runs it (the compiled bin/userpool.mjs, spawned): help for
 * every command, flags that win over the environment, a config file whose keys are the README's
 * (an unknown one is an error naming it and the closest key), a banner for people and JSON lines
 * for machines, one-sentence start-up failures, and operator commands that find the server's
 * database and never create an empty one.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CognitoIdentityProviderClient, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { loadConfig } from '../src/config/config.ts';
import { freePort } from './helpers/server.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'userpool.mjs');

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment without the caller's Userpool settings. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(USERPOOL_|DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$|NODE_TEST_CONTEXT$)/.test(k)) env[k] = v;
  return { ...env, ...extra };
}

function cli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

interface Serving {
  child: ChildProcess;
  output: () => string;
  stop(): Promise<void>;
}

/** `userpool serve …` until its output matches `ready`. */
function serve(args: string[], cwd: string, ready: RegExp, env: Record<string, string> = {}): Promise<Serving> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let ready_ = false;
    const onData = (d: Buffer): void => {
      output += d.toString();
      if (!ready_ && ready.test(output)) {
        ready_ = true;
        resolve({
          child,
          output: () => output,
          stop: () =>
            new Promise((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`userpool serve exited (${code}) before it was ready:\n${output}`)));
  });
}

describe('userpool command line', () => {
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'userpool-cli-'));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('--help lists the commands; every command has --help; no command is a usage error', async () => {
    const help = await cli(['--help'], dir);
    assert.equal(help.code, 0);
    for (const command of ['serve', 'import', 'export', 'log', 'rotate-master-key']) {
      assert.match(help.stdout, new RegExp(`^  ${command} `, 'm'));
      const own = await cli([command, '--help'], dir);
      assert.equal(own.code, 0, own.stderr);
      assert.match(own.stdout, new RegExp(`^usage: userpool ${command}`));
    }
    const serveHelp = await cli(['serve', '-h'], dir);
    for (const flag of ['--port', '--host', '--db', '--data-dir', '--workers', '--log', '--config']) assert.ok(serveHelp.stdout.includes(flag), flag);
    assert.equal((await cli([], dir)).code, 2);
  });

  it('an unknown flag, command or config key is an error naming it and the closest valid one', async () => {
    const flag = await cli(['serve', '--prot', '9500'], dir);
    assert.equal(flag.code, 2);
    assert.match(flag.stderr, /^userpool serve: unknown option --prot \(did you mean --port\?\)$/m);
    const exportFlag = await cli(['export', '--pol', 'x'], dir);
    assert.equal(exportFlag.code, 2);
    assert.match(exportFlag.stderr, /unknown option --pol \(did you mean --pool\?\)/);
    const command = await cli(['exprot'], dir);
    assert.equal(command.code, 2);
    assert.match(command.stderr, /unknown command "exprot" \(did you mean "export"\?\)/);
    const file = join(dir, 'typo.json');
    writeFileSync(file, JSON.stringify({ prot: 9500 }));
    const key = await cli(['serve', '--config', file], dir);
    assert.equal(key.code, 1);
    assert.equal(key.stderr, `userpool: config file ${file}: unknown key "prot" (did you mean "port"?)\n`);
    const stray = await cli(['serve', 'extra'], dir);
    assert.equal(stray.code, 2);
    assert.match(stray.stderr, /unexpected argument "extra"/);
  });

  it('serve honours --port, --host, --db and --data-dir over the environment, and logs JSON lines with --log json', async () => {
    const port = await freePort();
    const dataDir = join(dir, 'data-json');
    const db = join(dir, 'flags.db');
    const s = await serve(['--port', String(port), '--host', '127.0.0.1', '--db', `sqlite:${db}`, '--data-dir', dataDir, '--log', 'json'], dir, /"msg":"userpool listening"/, {
      PORT: '1',
      DATABASE_URL: 'sqlite:/nonexistent/dir/x.db',
    });
    try {
      const line = s.output().split('\n').find((l) => l.includes('userpool listening'))!;
      const record = JSON.parse(line) as Record<string, unknown>;
      assert.equal(record['url'], `http://127.0.0.1:${port}`);
      assert.equal(record['database'], 'sqlite');
      assert.deepEqual(await (await fetch(`http://127.0.0.1:${port}/health`)).json(), { status: 'ok' });
      assert.ok(existsSync(db), 'the --db file');
      assert.ok(existsSync(join(dataDir, 'master.key')), 'the key in --data-dir');
    } finally {
      await s.stop();
    }
  });

  it('--log pretty prints a banner: URL, database, data directory, SigV4 mode and meaning, outbox', async () => {
    const port = await freePort();
    const s = await serve(['--port', String(port), '--db', `sqlite:${join(dir, 'pretty.db')}`, '--data-dir', join(dir, 'data-pretty'), '--log', 'pretty'], dir, /Ctrl-C to stop/);
    try {
      const out = s.output();
      assert.match(out, /Userpool \S+ is listening/);
      assert.match(out, new RegExp(`URL +http://127\\.0\\.0\\.1:${port}`));
      assert.match(out, new RegExp(`database +SQLite file ${join(dir, 'pretty.db').replace(/[.]/g, '\\.')}`));
      assert.match(out, new RegExp(`data dir +${join(dir, 'data-pretty').replace(/[.]/g, '\\.')}`));
      assert.match(out, /SigV4 +accept: any credentials are accepted/);
      assert.match(out, new RegExp(`outbox +http://127\\.0\\.0\\.1:${port}/_userpool/messages`));
      assert.doesNotMatch(out, /"level":/, 'no JSON lines at start in pretty mode');
    } finally {
      await s.stop();
    }
  });

  it('a config file with the README keys configures the server (port, databaseUrl, dataDir, outbox)', async () => {
    const port = await freePort();
    const file = join(dir, 'config.json');
    writeFileSync(file, JSON.stringify({ port, databaseUrl: `sqlite:${join(dir, 'file.db')}`, dataDir: join(dir, 'data-file'), outbox: false, bodyTimeout: 5 }));
    assert.equal(loadConfig({ USERPOOL_CONFIG: file }).bodyTimeoutMs, 5000, 'bodyTimeout is in seconds, as USERPOOL_BODY_TIMEOUT');
    assert.equal(loadConfig({ USERPOOL_CONFIG: file, PORT: '1234' }).port, 1234, 'the environment wins over the file');
    const s = await serve(['--log', 'json'], dir, /"msg":"userpool listening"/, { USERPOOL_CONFIG: file });
    try {
      assert.equal((await fetch(`http://127.0.0.1:${port}/health`)).status, 200);
      assert.equal((await fetch(`http://127.0.0.1:${port}/_userpool/messages`)).status, 404, 'outbox: false');
      assert.ok(existsSync(join(dir, 'file.db')));
    } finally {
      await s.stop();
    }
    writeFileSync(file, JSON.stringify({ outbox: 'maybe' }));
    const bad = await cli(['serve', '--config', file], dir);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /USERPOOL_OUTBOX must be "on" or "off", got "maybe"/);
    writeFileSync(file, JSON.stringify({ port: [1] }));
    assert.match((await cli(['serve', '--config', file], dir)).stderr, /"port" must be a string or a number, got \[1\]/);
  });

  it('a port in use is one sentence and exit 1, no stack trace', async () => {
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const r = await cli(['serve', '--port', String(port), '--db', 'sqlite::memory:', '--data-dir', join(dir, 'data-busy')], dir);
      assert.equal(r.code, 1);
      assert.equal(r.stderr, `userpool: port ${port} on 127.0.0.1 is in use: stop the other process, or choose another port with --port (PORT)\n`);
    } finally {
      blocker.close();
    }
  });

  it('operator commands find the database by --db and refuse to create a new empty one', async () => {
    const elsewhere = mkdtempSync(join(tmpdir(), 'userpool-cli-elsewhere-'));
    try {
      for (const args of [['export', '--pool', 'us-east-1_x'], ['log', 'import-x'], ['rotate-master-key']]) {
        const r = await cli(args, elsewhere);
        assert.equal(r.code, 1, args.join(' '));
        assert.match(r.stderr, new RegExp(`no database at ${join(elsewhere, '.userpool', 'userpool.db').replace(/[.]/g, '\\.')}: start the server first`));
      }
      assert.deepEqual(readdirSync(elsewhere), [], 'nothing created');

      const port = await freePort();
      const db = join(dir, 'shared.db');
      const dataDir = join(dir, 'data-shared');
      const s = await serve(['--port', String(port), '--db', `sqlite:${db}`, '--data-dir', dataDir, '--log', 'json'], dir, /"msg":"userpool listening"/);
      let poolId: string;
      try {
        const cognito = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
        poolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'cli' }))).UserPool!.Id!;
        cognito.destroy();
      } finally {
        await s.stop();
      }
      const exported = await cli(['export', '--pool', poolId, '--db', `sqlite:${db}`, '--data-dir', dataDir], elsewhere);
      assert.equal(exported.code, 0, exported.stderr);
      assert.match(exported.stdout, /^name,given_name,family_name,/);
      assert.deepEqual(readdirSync(elsewhere), [], 'nothing created by an export with --db');
    } finally {
      rmSync(elsewhere, { recursive: true, force: true });
    }
  });
});

describe('README "Configuration" and the config file keys', () => {
  it('name the same keys', async () => {
    const { CONFIG_FILE_KEYS } = await import('../src/config/config-file.ts');
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('**HTTPS.**'));
    const documented = new Map<string, string>();
    for (const m of table.matchAll(/^\| `([A-Z0-9_]+)`[^|]*\| (?:`--[a-z-]+`, )?`([a-zA-Z0-9]+)` \|/gm)) documented.set(m[2]!, m[1]!);
    assert.deepEqual(Object.fromEntries([...documented].sort()), Object.fromEntries(Object.entries(CONFIG_FILE_KEYS).sort()));
  });
});
