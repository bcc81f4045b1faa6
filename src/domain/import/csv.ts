/**
 * The CSV dialect of Cognito user import files (spec/semantics.md §7): UTF-8 without BOM, one user
 * per line, values unquoted, a literal comma written `\,`, surrounding whitespace trimmed.
 *
 * Reading streams the file (its bytes come from the `ImportFiles` port): lines are cut on the `\n` byte (never inside a UTF-8 sequence), each
 * with the byte offset just after it, so a job can commit "everything up to byte N" and resume
 * from there after a restart. A line longer than the limit is reported as such without ever being
 * held in memory whole.
 */
/** AWS: "The maximum line length is 16,000 characters." */
export const MAX_LINE_CHARS = 16_000;
/** A line of 16,000 characters is at most 4 bytes each. */
const MAX_LINE_BYTES = MAX_LINE_CHARS * 4;

export interface CsvLine {
  /** 1-based physical line number (the header is line 1). */
  lineNumber: number;
  /** The line's text without its line break; empty when `tooLong`. */
  text: string;
  /** Byte offset just after this line's line break. */
  endOffset: number;
  /** The line exceeds {@link MAX_LINE_CHARS}. */
  tooLong: boolean;
}

const NL = 0x0a;
const CR = 0x0d;

/**
 * Lines of a file's `bytes` read from byte `startOffset` (which must be a line start), numbered
 * from `startLine + 1`. Buffers at most one chunk plus one line.
 */
export async function* readCsvLines(bytes: AsyncIterable<Buffer>, startOffset = 0, startLine = 0): AsyncGenerator<CsvLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false;
  let offset = startOffset;
  let lineNumber = startLine;
  const lineOf = (buf: Buffer, end: number, tooLong: boolean): CsvLine => {
    lineNumber += 1;
    if (tooLong) return { lineNumber, text: '', endOffset: end, tooLong: true };
    let stop = buf.length;
    if (stop > 0 && buf[stop - 1] === CR) stop -= 1;
    const text = buf.toString('utf8', 0, stop);
    return { lineNumber, text, endOffset: end, tooLong: text.length > MAX_LINE_CHARS };
  };
  for await (const chunk of bytes) {
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(NL, pos);
      if (nl === -1) {
        const rest = chunk.length - pos;
        if (!skipping) {
          if (pendingBytes + rest > MAX_LINE_BYTES) {
            skipping = true;
            pending = [];
            pendingBytes = 0;
          } else {
            pending.push(chunk.subarray(pos));
            pendingBytes += rest;
          }
        }
        offset += rest;
        break;
      }
      const end = offset + (nl - pos) + 1;
      if (skipping) {
        yield lineOf(Buffer.alloc(0), end, true);
        skipping = false;
      } else if (pendingBytes === 0) {
        const len = nl - pos;
        yield lineOf(chunk.subarray(pos, nl), end, len > MAX_LINE_BYTES);
      } else {
        pending.push(chunk.subarray(pos, nl));
        const whole = Buffer.concat(pending);
        pending = [];
        pendingBytes = 0;
        yield lineOf(whole, end, whole.length > MAX_LINE_BYTES);
      }
      offset = end;
      pos = nl + 1;
    }
  }
  if (skipping) yield lineOf(Buffer.alloc(0), offset, true);
  else if (pendingBytes > 0) yield lineOf(Buffer.concat(pending), offset, pendingBytes > MAX_LINE_BYTES);
}

/**
 * Splits one line into trimmed values: `,` separates, `\,` is a literal comma and `\\` a literal
 * backslash; any other backslash is kept as written.
 */
export function splitCsvLine(line: string): string[] {
  if (!line.includes('\\')) {
    const parts = line.split(',');
    for (let i = 0; i < parts.length; i++) parts[i] = parts[i]!.trim();
    return parts;
  }
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && (line[i + 1] === ',' || line[i + 1] === '\\')) {
      cur += line[i + 1];
      i += 1;
    } else if (c === ',') {
      out.push(cur.trim());
      cur = '';
    } else {
      cur += c;
    }
  }
  out.push(cur.trim());
  return out;
}

/** One value as the import reads it back: commas and backslashes escaped, line breaks as spaces. */
export function escapeCsvValue(value: string): string {
  if (!/[,\\\r\n]/.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/,/g, '\\,').replace(/\r\n|[\r\n]/g, ' ');
}
