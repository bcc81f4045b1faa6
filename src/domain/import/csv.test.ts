import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { escapeCsvValue, MAX_LINE_CHARS, readCsvLines, splitCsvLine, type CsvLine } from './csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'userpool-csv-'));
after(() => rmSync(dir, { recursive: true, force: true }));
function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
/** The file's bytes from `offset` on, 64 KiB at a time (so the large file below spans many chunks). */
const bytesOf = (path: string, offset = 0): AsyncIterable<Buffer> => createReadStream(path, { start: offset, highWaterMark: 64 * 1024 });
async function all(path: string, offset = 0, line = 0): Promise<CsvLine[]> {
  const out: CsvLine[] = [];
  for await (const l of readCsvLines(bytesOf(path, offset), offset, line)) out.push(l);
  return out;
}

describe('splitCsvLine', () => {
  it('splits on commas and trims values', () => {
    assert.deepEqual(splitCsvLine(' a , b,,c '), ['a', 'b', '', 'c']);
  });
  it('reads \\, as a literal comma and \\\\ as a backslash; other backslashes stay', () => {
    assert.deepEqual(splitCsvLine('Doe\\, Jane,C:\\\\dir,a\\b'), ['Doe, Jane', 'C:\\dir', 'a\\b']);
  });
  it('keeps quotes as written (values are unquoted in this format)', () => {
    assert.deepEqual(splitCsvLine('"x",y'), ['"x"', 'y']);
  });
  it('round-trips escapeCsvValue', () => {
    for (const v of ['plain', 'a,b', 'ends\\', 'back\\,slash', ',', 'multi\\\\']) {
      assert.deepEqual(splitCsvLine(`${escapeCsvValue(v)},z`), [v, 'z'], v);
    }
    assert.equal(escapeCsvValue('line\nbreak'), 'line break');
  });
});

describe('readCsvLines', () => {
  it('numbers lines and gives the byte offset after each, with CRLF and multi-byte text', async () => {
    const path = file('a.csv', 'h1,h2\r\nzoë,1\n\nlast');
    const lines = await all(path);
    assert.deepEqual(lines.map((l) => [l.lineNumber, l.text, l.endOffset, l.tooLong]), [
      [1, 'h1,h2', 7, false],
      [2, 'zoë,1', 14, false],
      [3, '', 15, false],
      [4, 'last', 19, false],
    ]);
  });
  it('resumes from a committed offset with the right line numbers', async () => {
    const path = file('b.csv', 'h\nr1\nr2\nr3\n');
    const lines = await all(path, 5, 2);
    assert.deepEqual(lines.map((l) => [l.lineNumber, l.text]), [
      [3, 'r2'],
      [4, 'r3'],
    ]);
  });
  it('reports a line over 16,000 characters without keeping it, and goes on', async () => {
    const long = 'x'.repeat(MAX_LINE_CHARS * 5);
    const path = file('c.csv', `h\n${long}\nok\n${'y'.repeat(MAX_LINE_CHARS + 1)}\n`);
    const lines = await all(path);
    assert.deepEqual(lines.map((l) => [l.lineNumber, l.tooLong, l.text.length]), [
      [1, false, 1],
      [2, true, 0],
      [3, false, 2],
      [4, true, MAX_LINE_CHARS + 1],
    ]);
    assert.equal(lines[2]!.endOffset, 2 + long.length + 1 + 3);
  });
  it('cuts lines across read chunks (a file of many chunks)', async () => {
    const rows = Array.from({ length: 60_000 }, (_, i) => `user${i},é${i}`);
    const path = file('d.csv', `${rows.join('\n')}\n`);
    let n = 0;
    let offset = 0;
    for await (const l of readCsvLines(bytesOf(path))) {
      assert.equal(l.text, rows[n]);
      offset += Buffer.byteLength(rows[n]!) + 1;
      assert.equal(l.endOffset, offset);
      n++;
    }
    assert.equal(n, rows.length);
  });
});
