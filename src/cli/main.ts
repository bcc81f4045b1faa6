/**
 * `userpool <command>`: `serve` runs the server; the others work on the server's database
 * directly, found as the server finds it (flags --db / --data-dir / --config, then DATABASE_URL,
 * USERPOOL_DATA_DIR, USERPOOL_CONFIG; see README "Configuration"). They never create a database:
 * pointed at a SQLite file that is not there they say so and stop.
 */
import { loadConfig, type Config } from '../config/config.ts';
import { closest } from '../config/suggest.ts';
import { openDatabase, type OpenDatabase } from '../storage/sql/database.ts';
import { SqlStore } from '../storage/sql/store.ts';
import { DATABASE_FLAGS, DATABASE_FLAGS_HELP, databaseOverrides, parseFlags, UsageError, type FlagSpec, type Parsed } from './args.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { rotateMasterKeyCommand } from './rotate-master-key.ts';
import { serveCommand } from './serve.ts';
import { seedExportCommand } from './seed-export.ts';

interface Command {
  summary: string;
  usage: string;
  flags: FlagSpec;
  positionals: number;
  run(parsed: Parsed, config: Config): Promise<number>;
}

const str = (v: Parsed['values'][string]): string | undefined => (typeof v === 'string' ? v : undefined);

async function withStore<T>(config: Config, work: (store: SqlStore, database: OpenDatabase) => Promise<T>): Promise<T> {
  const database = await openDatabase(config.databaseUrl, { mustExist: true });
  try {
    return await work(new SqlStore(database.db, database.dialect), database);
  } finally {
    await database.close();
  }
}

function requirePool(command: string, parsed: Parsed): string {
  const pool = str(parsed.values['pool']);
  if (pool === undefined) throw new UsageError(`userpool ${command}: --pool <UserPoolId> is required`);
  return pool;
}

const COMMANDS: Record<string, Command> = {
  import: {
    summary: 'import users from a CSV file into a pool',
    usage: `usage: userpool import --pool <UserPoolId> <users.csv> [--name <job name>] [--show-log <n>]
  Imports users from a CSV in the format of GetCSVHeader (the same rules as StartUserImportJob);
  prints progress on stderr and a summary. Exit 0 when the job Succeeded.
${DATABASE_FLAGS_HELP}
`,
    flags: { pool: { type: 'string' }, name: { type: 'string' }, 'show-log': { type: 'string' }, ...DATABASE_FLAGS },
    positionals: 1,
    run: async (parsed, config) => {
      const poolId = requirePool('import', parsed);
      const file = parsed.positionals[0];
      if (file === undefined) throw new UsageError('userpool import: name one CSV file');
      const name = str(parsed.values['name']);
      const showLog = str(parsed.values['show-log']);
      return withStore(config, (store) => {
        let interrupted = 0;
        return importCommand({
          store,
          config,
          poolId,
          file,
          ...(name !== undefined ? { name } : {}),
          showLog: showLog !== undefined ? Number(showLog) || 0 : 20,
          err: process.stderr,
          out: process.stdout,
          onStopRequest: (stop) => {
            process.on('SIGINT', () => {
              interrupted++;
              if (interrupted > 1) process.exit(130);
              process.stderr.write('\nstopping after the current batch (Ctrl-C again to quit at once; the job is then resumed by a server)…\n');
              void stop();
            });
          },
        });
      });
    },
  },
  export: {
    summary: "write a pool's users as CSV",
    usage: `usage: userpool export --pool <UserPoolId> [--out <users.csv>]
  Writes every user of the pool in the import CSV format (standard output without --out).
${DATABASE_FLAGS_HELP}
`,
    flags: { pool: { type: 'string' }, out: { type: 'string' }, ...DATABASE_FLAGS },
    positionals: 0,
    run: async (parsed, config) => {
      const poolId = requirePool('export', parsed);
      return withStore(config, (store) => exportCommand({ store, poolId, outFile: str(parsed.values['out']), stdout: process.stdout, err: process.stderr }));
    },
  },
  seed: {
    summary: 'seed export: write an existing pool as a seed file',
    usage: `usage: userpool seed export --pool <UserPoolId> [--out <seed.json>]
  Writes the pool — settings, domain, resource servers, groups, app clients (with their secrets)
  and users (attributes, groups, SMS/email MFA) — as a seed file for --seed (README "Seed file"),
  on standard output without --out. Passwords cannot be exported (only SRP verifiers are kept);
  what the file cannot carry is listed on standard error.
${DATABASE_FLAGS_HELP}
`,
    flags: { pool: { type: 'string' }, out: { type: 'string' }, ...DATABASE_FLAGS },
    positionals: 1,
    run: async (parsed, config) => {
      const action = parsed.positionals[0];
      if (action !== 'export') throw new UsageError(action === undefined ? 'userpool seed: name an action (export)' : `userpool seed: unknown action "${action}" (the action is export)`);
      const poolId = requirePool('seed export', parsed);
      return seedExportCommand({ config, poolId, outFile: str(parsed.values['out']), out: process.stdout, err: process.stderr });
    },
  },
  log: {
    summary: 'print the rows of an import job that were not imported',
    usage: `usage: userpool log <JobId>
  Prints an import job's outcome and the rows that were not imported.
${DATABASE_FLAGS_HELP}
`,
    flags: { ...DATABASE_FLAGS },
    positionals: 1,
    run: async (parsed, config) => {
      const jobId = parsed.positionals[0];
      if (jobId === undefined) throw new UsageError('userpool log: name a JobId');
      return withStore(config, async (store) => {
        const job = await store.imports.findImportJob(jobId);
        if (!job) {
          process.stderr.write(`userpool log: no import job ${jobId}\n`);
          return 1;
        }
        process.stdout.write(`${job.jobId} ${job.status}: imported ${job.importedUsers}, skipped ${job.skippedUsers}, failed ${job.failedUsers}${job.completionMessage ? ` — ${job.completionMessage}` : ''}\n`);
        for (let after = 0; ; ) {
          const entries = await store.imports.listImportLog(job.jobId, after, 1000);
          for (const e of entries) process.stdout.write(`[${e.outcome}] Line Number ${e.lineNumber} - ${e.message}\n`);
          if (entries.length < 1000) break;
          after = entries[entries.length - 1]!.lineNumber;
        }
        return 0;
      });
    },
  },
  'rotate-master-key': {
    summary: 're-seal every secret at rest under a new master key',
    usage: `usage: userpool rotate-master-key [--new-key-file <path>]
  Re-seals every secret at rest under a new master key (random, or read from the file: 64 hex
  digits or base64 of 32 bytes) in one transaction. Stop the servers first. With a key file in
  the data directory the file is replaced; with USERPOOL_MASTER_KEY a generated key is printed on
  standard output.
${DATABASE_FLAGS_HELP}
`,
    flags: { 'new-key-file': { type: 'string' }, ...DATABASE_FLAGS },
    positionals: 0,
    run: (parsed, config) => rotateMasterKeyCommand({ config, newKeyFile: str(parsed.values['new-key-file']), out: process.stdout, err: process.stderr }),
  },
};

const USAGE = `usage: userpool <command> [options]

  serve               start the server (what \`npm start\` runs)
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(19)} ${c.summary}`)
  .join('\n')}

\`userpool <command> --help\` describes a command and its options.
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(USAGE);
    return 2;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (name === 'serve') return serveCommand(rest);
  const command = COMMANDS[name];
  if (!command) {
    const near = closest(name, ['serve', ...Object.keys(COMMANDS)]);
    process.stderr.write(`userpool: unknown command "${name}"${near ? ` (did you mean "${near}"?)` : ''}\n\n${USAGE}`);
    return 2;
  }
  try {
    const parsed = parseFlags(name, rest, command.flags, command.positionals);
    if (parsed.values['help']) {
      process.stdout.write(command.usage);
      return 0;
    }
    return await command.run(parsed, loadConfig(process.env, databaseOverrides(parsed.values)));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n\n${command.usage}`);
      return 2;
    }
    process.stderr.write(`userpool ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

// `serve` keeps the process alive (the server, its signal handlers) after main resolves.
main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (err: unknown) => {
    process.stderr.write(`userpool: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
