/**
 * Userpool as another project gets it: `npm pack`'s tarball installed into a scratch project (with
 * the AWS SDK it uses), where the README's "Use it from a test suite" example — read from README.md,
 * not copied — runs under plain `node --test`, and the `userpool` binary answers `--help`. The
 * installed package carries the compiled dist/ with type declarations and no TypeScript loader.
 * better-sqlite3 builds from source there (its prebuilt binaries are not reachable from this
 * machine): the install takes a minute or two.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readmeBlocks } from './helpers/readme-blocks.ts';

const ROOT = join(import.meta.dirname, '..');
const NPM_TIMEOUT_MS = 8 * 60_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], cwd: string, timeoutMs = NPM_TIMEOUT_MS): Promise<Run> {
  return new Promise((resolve, reject) => {
    // No NODE_TEST_CONTEXT: a `node --test` started here reports as a top-level run would.
    const { NODE_TEST_CONTEXT: _context, NODE_OPTIONS: _options, ...env } = process.env;
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const versionOf = (pkg: string): string => (JSON.parse(readFileSync(join(ROOT, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string }).version;

describe('the npm package (npm pack → install in a scratch project)', { timeout: 2 * NPM_TIMEOUT_MS }, () => {
  let dir: string;
  let scratch: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'userpool-pack-'));
    scratch = join(dir, 'scratch');
    mkdirSync(scratch);
    // --ignore-scripts: `prepare` would rebuild dist/ in place while other test files run the server
    // from it (a half-written module made a spawned server fail to start); the test runner built it.
    const pack = await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], ROOT);
    assert.equal(pack.code, 0, pack.stderr);
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    assert.ok(tarball, 'npm pack made a tarball');
    // npm 11 runs a dependency's install script only when the project allows it: better-sqlite3 builds its addon.
    writeFileSync(join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module', allowScripts: { 'better-sqlite3': true } }));
    const install = await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, tarball), `@aws-sdk/client-cognito-identity-provider@${versionOf('@aws-sdk/client-cognito-identity-provider')}`],
      scratch,
    );
    assert.equal(install.code, 0, `npm install failed:\n${install.stderr}`);
  });

  after(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("runs the README's in-process example with plain node --test", async () => {
    const block = readmeBlocks(readFileSync(join(ROOT, 'README.md'), 'utf8')).find((b) => b.name === 'start-userpool');
    assert.ok(block, 'README has the start-userpool example');
    writeFileSync(join(scratch, 'signup.test.mjs'), block.code);
    const test = await run(process.execPath, ['--test', 'signup.test.mjs'], scratch, 120_000);
    assert.equal(test.code, 0, `${test.stdout}\n${test.stderr}`);
    assert.match(test.stdout, /^# pass 1$/m);
    assert.match(test.stdout, /^# fail 0$/m);
  });

  it('installs the compiled package: dist/ with type declarations, a userpool binary, no TypeScript loader', async () => {
    const installed = join(scratch, 'node_modules', 'userpool');
    assert.ok(existsSync(join(installed, 'dist', 'index.js')));
    assert.ok(existsSync(join(installed, 'dist', 'index.d.ts')));
    assert.match(readFileSync(join(installed, 'dist', 'index.d.ts'), 'utf8'), /startUserpool/);
    assert.equal(existsSync(join(installed, 'src')), false, 'no TypeScript sources shipped');
    assert.equal(existsSync(join(scratch, 'node_modules', 'tsx')), false, 'tsx is not a runtime dependency');
    const help = await run(join(scratch, 'node_modules', '.bin', 'userpool'), ['--help'], scratch, 60_000);
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, /usage/i);
  });
});
