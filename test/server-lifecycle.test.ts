import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/config.ts';
import { freePort } from './helpers/server.ts';

async function waitForHealth(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const res = await fetch(`${url}/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > end) throw new Error('server did not become healthy');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('server process (npm start path)', () => {
  it('starts on a SQLite file with a generated master key, serves, and exits cleanly on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'userpool-life-'));
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${dir}/userpool.db`, USERPOOL_DATA_DIR: dir, LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const url = `http://127.0.0.1:${port}`;
    await waitForHealth(url, 20_000);
    const res = await fetch(`${url}/?Action=CreateUserPool&PoolName=life`);
    assert.equal(res.status, 200);
    const body = (await res.json()) as { UserPool: { Id: string } };
    assert.match(body.UserPool.Id, /^us-east-1_/);
    assert.ok(existsSync(join(dir, 'userpool.db')));
    assert.match(readFileSync(join(dir, 'master.key'), 'utf8').trim(), /^[0-9a-f]{64}$/);
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});

describe('config', () => {
  it('defaults to accept on loopback and verify elsewhere, and refuses verify without keys', () => {
    assert.equal(loadConfig({}).signatureMode, 'accept');
    assert.equal(loadConfig({}).port, 9339);
    assert.equal(loadConfig({}).databaseUrl, 'sqlite:./.userpool/userpool.db');
    assert.throws(() => loadConfig({ HOST: '0.0.0.0' }), /needs access keys/);
    const c = loadConfig({ HOST: '0.0.0.0', USERPOOL_ACCESS_KEYS: 'AKID:secret' });
    assert.equal(c.signatureMode, 'verify');
    assert.deepEqual(c.accessKeys, { AKID: 'secret' });
    assert.equal(c.outboxEndpoint, false);
  });
  it('rejects malformed settings with a clear message', () => {
    assert.throws(() => loadConfig({ PORT: 'abc' }), /PORT/);
    assert.throws(() => loadConfig({ USERPOOL_SIGV4: 'maybe' }), /USERPOOL_SIGV4/);
    assert.throws(() => loadConfig({ USERPOOL_FIXED_CODE: '12' }), /6 digits/);
  });
});
