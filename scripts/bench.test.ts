import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

describe('npm run bench (tiny mode)', () => {
  it('measures every scenario against the real server and writes the table', { timeout: 180_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-test-'));
    try {
      const out = join(dir, 'results.md');
      const r = spawnSync(
        process.execPath,
        ['--import', 'tsx', 'scripts/bench.ts', '--duration', '1', '--users', '200', '--large', '1000', '--import-rows', '1000', '--no-peers', '--quiet-wait', '0', '--workers', '2', '--out', out],
        { cwd: REPO, encoding: 'utf8', timeout: 170_000 },
      );
      assert.equal(r.status, 0, `bench failed:\n${r.stderr}\n${r.stdout}`);
      const md = readFileSync(out, 'utf8');
      for (const text of [r.stdout, md]) {
        assert.match(text, /\| scenario \| req\/s \| p50 ms \| p99 ms \| CPU µs\/req \| × ceiling \| RSS MiB \| target \| met\? \|/);
        for (const label of ['ceiling: bare node:http', 'S1 AdminCreateUser', 'S2 AdminGetUser', 'S3 ListUsers', 'S4 InitiateAuth', 'S5 AdminUpdateUserAttributes', 'S6 SRP sign-in', 'S7 import job', 'S8 S4 with a PreTokenGeneration function']) {
          assert.ok(text.includes(`| ${label}`), `row "${label}" missing:\n${text}`);
        }
      }
      // The ceiling always measures; Userpool's rows hold a measurement or "n/a (… not implemented)", never an error.
      const rowOf = (label: string): string[] => (md.split('\n').find((l) => l.startsWith(`| ${label}`)) ?? '').split('|').map((c) => c.trim());
      assert.match(rowOf('ceiling: bare node:http')[2] ?? '', /^[\d,]+$/);
      for (const line of md.split('\n').filter((l) => /^\| S\d/.test(l) && !l.includes('| Userpool --workers 2 |'))) {
        const cell = line.split('|')[2]?.trim() ?? '';
        assert.ok(/^[\d,]+$/.test(cell) || cell.startsWith('n/a'), `not a measurement: ${line}`);
      }
      assert.match(md, /every acknowledged user is durable|AdminCreateUser not implemented/);
      // --workers 2: the cluster starts, and serves every single-request and SRP scenario.
      assert.match(md, /\| Userpool --workers 2 req\/s \(p99\) \|/);
      for (const label of ['S1 AdminCreateUser', 'S2 AdminGetUser', 'S3 ListUsers email ^= "user1", Limit 60, 200 users', 'S4 InitiateAuth', 'S5 AdminUpdateUserAttributes', 'S6 SRP sign-in']) {
        const detail = md.split('\n').find((l) => l.startsWith(`| ${label}`) && l.includes('| Userpool --workers 2 |')) ?? '';
        assert.match(detail.split('|')[3]?.trim() ?? '', /^[\d,]+$/, `workers row "${label}": ${detail}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
