/**
 * Benchmark processes: every measured server runs in its own child process, so its CPU time and
 * memory are read from /proc (utime + stime, VmRSS) apart from the load generator's.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Clock ticks per second of /proc/<pid>/stat times (`getconf CLK_TCK`, almost always 100). */
export const CLK_TCK: number = (() => {
  try {
    const n = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    return Number.isFinite(n) && n > 0 ? n : 100;
  } catch {
    return 100;
  }
})();

export interface ProcSample {
  /** utime + stime of the process, in microseconds. */
  cpuUs: number;
  /** Resident set size, KiB. */
  rssKiB: number;
  /** Peak resident set size since the process started, KiB. */
  hwmKiB: number;
}

/** CPU time and memory of one process alone, from /proc (Linux). */
function sampleOne(pid: number): ProcSample {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after "(comm)": state is field 3, utime 14, stime 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { cpuUs: (ticks * 1e6) / CLK_TCK, rssKiB: kib('VmRSS'), hwmKiB: kib('VmHWM') };
}

/** The `node` processes below `pid` (a cluster's workers; not tsx's esbuild helper). */
function nodeDescendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (comm === 'node') children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const walk = (p: number): void => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/**
 * CPU time and memory of a server process, from /proc (Linux): with node:cluster workers
 * (`--workers N`), of the primary and its workers together.
 */
export function sampleProc(pid: number): ProcSample {
  const total = sampleOne(pid);
  for (const child of nodeDescendants(pid)) {
    try {
      const s = sampleOne(child);
      total.cpuUs += s.cpuUs;
      total.rssKiB += s.rssKiB;
      total.hwmKiB += s.hwmKiB;
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

/** CPU time the whole machine spent busy (all cores, all processes) since boot, in microseconds. */
export function machineBusyUs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user).
  const busy = (v[0] ?? 0) + (v[1] ?? 0) + (v[2] ?? 0) + (v[5] ?? 0) + (v[6] ?? 0) + (v[7] ?? 0);
  return (busy * 1e6) / CLK_TCK;
}

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released for the child to bind). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  child: ChildProcess;
  logFile: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** Spawns a server, logging to a file, and resolves once it answers HTTP. */
export async function startProcess(opts: {
  name: string;
  command: string;
  args: string[];
  port: number;
  cwd: string;
  env: Record<string, string | undefined>;
  logFile: string;
  timeoutMs?: number;
}): Promise<ServerProcess> {
  const fd = openSync(opts.logFile, 'a');
  const child = spawn(opts.command, opts.args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  if (child.pid === undefined) throw new Error(`${opts.name}: could not spawn ${opts.command}`);
  const pid = child.pid;
  let exited: string | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `exited with ${signal ?? `code ${code}`}`;
      resolve();
    });
  });
  const url = `http://127.0.0.1:${opts.port}`;
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  for (;;) {
    if (exited !== undefined) throw new Error(`${opts.name} ${exited} before answering:\n${tail(opts.logFile)}`);
    try {
      await fetch(url, { method: 'POST', body: '{}', headers: { 'content-type': 'application/x-amz-json-1.1' }, signal: AbortSignal.timeout(2000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${opts.name} did not answer on ${url} within ${(opts.timeoutMs ?? 60_000) / 1000} s:\n${tail(opts.logFile)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    name: opts.name,
    url,
    pid,
    child,
    logFile: opts.logFile,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (exited !== undefined) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitPromise;
      clearTimeout(timer);
    },
  };
}

/**
 * The command `npm start` runs, as a direct `node` invocation so the measured pid is the server
 * itself: `tsx file` becomes `node --import tsx file` (what the tsx CLI spawns anyway).
 */
export function userpoolCommand(repoRoot: string, nodeFlags: string[]): { command: string; args: string[] } {
  let start = 'tsx src/main.ts';
  try {
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
    start = pkg.scripts?.['start'] ?? start;
  } catch {
    // keep the default
  }
  const words = start.trim().split(/\s+/);
  if (words[0] === 'tsx') return { command: process.execPath, args: [...nodeFlags, '--import', 'tsx', ...words.slice(1)] };
  if (words[0] === 'node') return { command: process.execPath, args: [...nodeFlags, ...words.slice(1)] };
  return { command: process.execPath, args: [...nodeFlags, '--import', 'tsx', 'src/main.ts'] };
}

/**
 * The ceiling: a bare node:http server that reads the body, JSON.parses it and answers a fixed
 * JSON reply — what any Node server on this machine can reach at most.
 */
export const CEILING_SOURCE = `
const http = require('node:http');
const reply = JSON.stringify({ ok: true, server: 'ceiling' });
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    try { JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'); } catch { res.writeHead(400); res.end('{}'); return; }
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(reply) });
    res.end(reply);
  });
});
server.keepAliveTimeout = 65000;
server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;
