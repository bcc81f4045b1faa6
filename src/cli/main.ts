/**
 * `userpool` — operator commands that work on the configured database directly (DATABASE_URL,
 * USERPOOL_DATA_DIR, … exactly as the server reads them; see README "Configuration").
 *
 *   userpool import --pool <UserPoolId> <users.csv> [--name <job name>] [--show-log <n>]
 *   userpool export --pool <UserPoolId> [--out <users.csv>]
 *   userpool log <JobId>
 *   userpool rotate-master-key [--new-key-file <path>]
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../storage/sql/database.ts';
import { SqlStore } from '../storage/sql/store.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { rotateMasterKeyCommand } from './rotate-master-key.ts';

const USAGE = `usage:
  userpool import --pool <UserPoolId> <users.csv> [--name <job name>] [--show-log <n>]
      Imports users from a CSV in the format of GetCSVHeader (the same rules as
      StartUserImportJob); prints progress on stderr and a summary. Exit 0 when the job Succeeded.
  userpool export --pool <UserPoolId> [--out <users.csv>]
      Writes every user of the pool in that CSV format (standard output without --out).
  userpool log <JobId>
      Prints the rows of an import job that were not imported.
  userpool rotate-master-key [--new-key-file <path>]
      Re-seals every secret at rest under a new master key (random, or read from the file:
      64 hex digits or base64 of 32 bytes) in one transaction. Stop the servers first. With a
      key file in USERPOOL_DATA_DIR the file is replaced; with USERPOOL_MASTER_KEY a generated
      key is printed on standard output.

The database is the server's: DATABASE_URL (default sqlite:./.userpool/userpool.db) and
USERPOOL_DATA_DIR, or a USERPOOL_CONFIG file.
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { pool: { type: 'string' }, out: { type: 'string' }, name: { type: 'string' }, 'show-log': { type: 'string' }, 'new-key-file': { type: 'string' } },
    });
  } catch (err) {
    process.stderr.write(`userpool: ${(err as Error).message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const config = loadConfig();
  const needPool = (): string | undefined => {
    if (values.pool === undefined) process.stderr.write(`userpool ${command}: --pool <UserPoolId> is required\n${USAGE}`);
    return values.pool;
  };

  if (command === 'import') {
    const poolId = needPool();
    const file = positionals[0];
    if (poolId === undefined) return 2;
    if (file === undefined || positionals.length > 1) {
      process.stderr.write(`userpool import: name one CSV file\n${USAGE}`);
      return 2;
    }
    const database = await openDatabase(config.databaseUrl);
    try {
      let interrupted = 0;
      return await importCommand({
        store: new SqlStore(database.db, database.dialect),
        config,
        poolId,
        file,
        ...(values.name !== undefined ? { name: values.name } : {}),
        showLog: values['show-log'] !== undefined ? Number(values['show-log']) || 0 : 20,
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
    } finally {
      await database.close();
    }
  }

  if (command === 'export') {
    const poolId = needPool();
    if (poolId === undefined) return 2;
    const database = await openDatabase(config.databaseUrl);
    try {
      return await exportCommand({ store: new SqlStore(database.db, database.dialect), poolId, outFile: values.out, stdout: process.stdout, err: process.stderr });
    } finally {
      await database.close();
    }
  }

  if (command === 'log') {
    const jobId = positionals[0];
    if (jobId === undefined) {
      process.stderr.write(`userpool log: name a JobId\n${USAGE}`);
      return 2;
    }
    const database = await openDatabase(config.databaseUrl);
    try {
      const store = new SqlStore(database.db, database.dialect);
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
    } finally {
      await database.close();
    }
  }

  if (command === 'rotate-master-key') {
    return rotateMasterKeyCommand({ config, newKeyFile: values['new-key-file'], out: process.stdout, err: process.stderr });
  }

  process.stderr.write(`userpool: unknown command ${command}\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`userpool: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
