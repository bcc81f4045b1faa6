import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { FunctionError } from '../../domain/triggers/ports.ts';
import { LocalFunctions } from './local-functions.ts';

const ARN = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

describe('local functions run on warm worker threads', () => {
  const dir = mkdtempSync(join(tmpdir(), 'userpool-local-functions-'));
  const functions = new LocalFunctions(dir, 1000);
  after(() => {
    functions.close();
    rmSync(dir, { recursive: true, force: true });
  });
  writeFileSync(join(dir, 'counter.mjs'), `let n = 0;\nexport const handler = async (event) => ({ ...event, n: ++n, threadId: (await import('node:worker_threads')).threadId });\n`);
  writeFileSync(join(dir, 'exits.mjs'), `export const handler = async () => { process.exit(3); };\n`);
  writeFileSync(join(dir, 'late-crash.mjs'), `export const handler = async (event) => { setTimeout(() => { throw new Error('after the answer'); }, 5); return event; };\n`);
  writeFileSync(join(dir, 'slow.mjs'), `export const handler = async (event) => { await new Promise((r) => setTimeout(r, 100)); return { ...event, threadId: (await import('node:worker_threads')).threadId }; };\n`);

  test('a worker stays warm: module state survives between calls, as in a Lambda execution environment', async () => {
    const first = (await functions.invoke(ARN('counter'), { a: 1 })) as Record<string, unknown>;
    const second = (await functions.invoke(ARN('counter'), { a: 2 })) as Record<string, unknown>;
    assert.equal(first['a'], 1);
    assert.equal(second['n'], (first['n'] as number) + 1);
    assert.equal(second['threadId'], first['threadId']);
  });

  test('an edited module is loaded again on the next call', async () => {
    writeFileSync(join(dir, 'counter.mjs'), `export const handler = async () => ({ edited: true });\n`);
    const later = new Date(Date.now() + 5000);
    utimesSync(join(dir, 'counter.mjs'), later, later);
    assert.deepEqual(await functions.invoke(ARN('counter'), {}), { edited: true });
  });

  test('a handler that kills its worker is reported after three attempts; the next call gets a fresh worker', async () => {
    await assert.rejects(functions.invoke(ARN('exits'), {}), (err: unknown) => err instanceof FunctionError && err.kind === 'unavailable' && /exited \(code 3\).*3 attempts/.test(err.message));
    assert.deepEqual(await functions.invoke(ARN('counter'), {}), { edited: true });
  });

  test('a worker that died while idle is not handed the next call', { timeout: 3000 }, async () => {
    const warm = new LocalFunctions(dir); // AWS's 5 s per attempt: a call sent to a dead worker would wait that long
    try {
      assert.deepEqual(await warm.invoke(ARN('late-crash'), { n: 1 }), { n: 1 });
      await new Promise((r) => setTimeout(r, 100)); // the worker's timer throws and the worker exits
      assert.deepEqual(await warm.invoke(ARN('late-crash'), { n: 2 }), { n: 2 });
    } finally {
      warm.close();
    }
  });

  test('overlapping calls each get a worker of their own', async () => {
    const answers = (await Promise.all(Array.from({ length: 6 }, (_, i) => functions.invoke(ARN('slow'), { i })))) as Array<Record<string, unknown>>;
    assert.deepEqual(answers.map((a) => a['i']), [0, 1, 2, 3, 4, 5]);
    // A worker serves one call at a time: six calls at once ran on six threads.
    assert.equal(new Set(answers.map((a) => a['threadId'])).size, 6);
  });
});
