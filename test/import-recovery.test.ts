/**
 * Restarts: a job that was running when its server stopped resumes after the last committed
 * batch on the next server (same database, same data directory) — or fails with an honest message
 * when its file is gone; a server that crashed (SIGKILL) has its job taken over. Never stuck
 * InProgress, never a row twice.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { CognitoIdentityProviderClient, StartUserImportJobCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createPostgresSchema, databases, startTestServer, type DbKind, type TestServer } from './helpers/server.ts';
import { createImportPool, createJob, describeJob, putCsv, readJobLog, waitForJob, writeUsersCsv } from './import-helpers.ts';
import { importRunnerFor } from '../src/domain/import/runner.ts';

/** A database both servers of a test share: a SQLite file, or a PostgreSQL schema of its own. */
async function sharedDatabase(kind: DbKind, dir: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (kind === 'sqlite') return { url: `sqlite:${join(dir, 'userpool.db')}`, drop: async () => {} };
  return { url: await createPostgresSchema(), drop: async () => {} };
}

/** The real server (`src/main.ts`) in a child process, to be killed without warning. */
async function spawnServer(env: Record<string, string>): Promise<{ url: string; kill(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    lines.on('line', (line) => {
      const m = /"url":"([^"]+)"/.exec(line);
      if (m) resolve(m[1]!);
    });
  });
  return {
    url,
    kill: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

for (const kind of await databases()) {
  describe(`import job restarts (${kind})`, () => {
    let dir: string;
    let db: { url: string; drop(): Promise<void> };
    const masterKey = randomBytes(32).toString('hex');
    const servers: TestServer[] = [];
    const start = async (): Promise<TestServer> => {
      const s = await startTestServer(kind, { databaseUrl: db.url, dataDir: join(dir, 'data'), masterKey });
      servers.push(s);
      return s;
    };
    const stop = async (s: TestServer): Promise<void> => {
      servers.splice(servers.indexOf(s), 1);
      await s.close();
    };
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'userpool-import-restart-'));
      db = await sharedDatabase(kind, dir);
    });
    after(async () => {
      for (const s of servers) await s.close();
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    /** A started job over `rows` users, once its first batch has committed. */
    async function runningJob(s: TestServer, rows: number): Promise<{ poolId: string; jobId: string }> {
      const { poolId, header } = await createImportPool(s.client);
      const path = join(dir, `users-${poolId}.csv`);
      await writeUsersCsv(path, header, rows);
      const job = await createJob(s.client, poolId);
      assert.equal((await putCsv(job.PreSignedUrl!, Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>)).status, 200);
      await s.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
      await waitForJob(s.client, poolId, job.JobId!, (j) => (j.ImportedUsers ?? 0) > 0 || !['Pending', 'InProgress'].includes(j.Status!));
      return { poolId, jobId: job.JobId! };
    }

    it('resumes after the last committed batch on the next server: every row exactly once', async () => {
      // Enough batches (10,000 rows on SQLite, 5,000 on PostgreSQL) that the server stops mid-file.
      const rows = 150_000;
      const s1 = await start();
      const { poolId, jobId } = await runningJob(s1, rows);
      await stop(s1);
      const handedBack = await s1.deps.store.imports.findImportJob(jobId).catch(() => undefined);
      assert.equal(handedBack, undefined, 'the first server closed its database');

      const s2 = await start();
      const mid = await s2.deps.store.imports.findImportJob(jobId);
      assert.ok(mid && mid.importedUsers > 0 && mid.importedUsers < rows, `imported before the restart: ${mid?.importedUsers}`);
      const done = await waitForJob(s2.client, poolId, jobId);
      assert.equal(done.Status, 'Succeeded');
      assert.equal(done.ImportedUsers, rows);
      assert.equal(done.FailedUsers, 0);
      assert.equal(done.SkippedUsers, 0);
      assert.equal(await s2.deps.store.users.countUsers(poolId), rows);
      assert.deepEqual((await readJobLog(s2.url, jobId)).Events, []);
      await stop(s2);
    });

    it('marks the job Failed with an honest message when its file is gone after a restart', async () => {
      const s1 = await start();
      const { poolId, jobId } = await runningJob(s1, 150_000);
      await stop(s1);
      rmSync(join(dir, 'data', 'imports', `${jobId}.csv`));
      const s2 = await start();
      const done = await waitForJob(s2.client, poolId, jobId);
      assert.equal(done.Status, 'Failed');
      assert.match(done.CompletionMessage!, /^The import was interrupted and its CSV file is no longer available on this server; \d+ users were imported before that\.$/);
      assert.equal(await s2.deps.store.users.countUsers(poolId), done.ImportedUsers);
      await stop(s2);
    });

    it('takes over the job of a server that crashed (SIGKILL) once it has gone silent', async () => {
      const child = await spawnServer({ DATABASE_URL: db.url, USERPOOL_DATA_DIR: join(dir, 'data'), USERPOOL_MASTER_KEY: masterKey });
      const client = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: child.url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' }, maxAttempts: 1 });
      const rows = 150_000;
      let poolId: string;
      let job: Awaited<ReturnType<typeof createJob>>;
      try {
        const created = await createImportPool(client);
        poolId = created.poolId;
        const path = join(dir, 'crash.csv');
        await writeUsersCsv(path, created.header, rows);
        job = await createJob(client, poolId);
        assert.equal((await putCsv(job.PreSignedUrl!, Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>)).status, 200);
        await client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
        const seen = await waitForJob(client, poolId, job.JobId!, (j) => (j.ImportedUsers ?? 0) > 0 || !['Pending', 'InProgress'].includes(j.Status!));
        assert.equal(seen.Status, 'InProgress');
      } finally {
        await child.kill();
        client.destroy();
      }

      const s2 = await start();
      const orphan = await describeJob(s2.client, poolId!, job!.JobId!);
      if (orphan.Status === 'InProgress') {
        // Its heartbeat is recent: a live node might still own it, so it is left alone …
        const row = await s2.deps.store.imports.findImportJob(job!.JobId!);
        assert.ok(row?.runnerId !== null);
        // … until it has been silent for the takeover delay (60 s by default; zero here).
        await importRunnerFor(s2.deps).recover({ staleAfterMs: 0 });
      }
      const done = await waitForJob(s2.client, poolId!, job!.JobId!);
      assert.equal(done.Status, 'Succeeded');
      assert.equal(done.ImportedUsers, rows);
      assert.equal(await s2.deps.store.users.countUsers(poolId!), rows);
      await stop(s2);
    });
  });
}
