/** The import's progress line: rows/s, share of the file read, ETA (by bytes). */
import type { ImportJobRecord } from '../storage/ports/index.ts';

const int = (n: number): string => Math.round(n).toLocaleString('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

export interface ProgressSink {
  write(text: string): void;
  isTTY?: boolean;
}

export class ImportProgress {
  private readonly started = performance.now();
  private lastPrint = 0;
  constructor(
    private readonly out: ProgressSink,
    private readonly fileBytes: number | undefined,
    private readonly startOffset: number,
    private readonly startLine: number,
  ) {}

  line(job: ImportJobRecord): string {
    const elapsed = (performance.now() - this.started) / 1000;
    const rows = Math.max(0, job.lineNumber - Math.max(1, this.startLine));
    const rate = elapsed > 0 ? rows / elapsed : 0;
    let share = '';
    let eta = '';
    if (this.fileBytes !== undefined && this.fileBytes > 0) {
      const done = job.offsetBytes / this.fileBytes;
      const byteRate = elapsed > 0 ? (job.offsetBytes - this.startOffset) / elapsed : 0;
      share = ` | ${(done * 100).toFixed(1)}% of ${(this.fileBytes / 1048576).toFixed(1)} MiB`;
      eta = ` | ETA ${byteRate > 0 ? duration((this.fileBytes - job.offsetBytes) / byteRate) : '?'}`;
    }
    return `imported ${int(job.importedUsers)}  skipped ${int(job.skippedUsers)}  failed ${int(job.failedUsers)}${share} | ${int(rate)} rows/s${eta} | ${duration(elapsed)} elapsed`;
  }

  /** On a terminal: rewrites one line; otherwise a line every 2 seconds. */
  update(job: ImportJobRecord): void {
    const now = performance.now();
    if (this.out.isTTY) {
      this.out.write(`\r\x1b[2K${this.line(job)}`);
    } else if (now - this.lastPrint >= 2000) {
      this.lastPrint = now;
      this.out.write(`${this.line(job)}\n`);
    }
  }

  done(job: ImportJobRecord): void {
    this.out.write(`${this.out.isTTY ? '\r\x1b[2K' : ''}${this.line(job)}\n`);
  }
}
