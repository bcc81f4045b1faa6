/**
 * The operator CLI (`bin/userpool.mjs`) against the server's own database: export a pool to CSV,
 * import that file into another pool, and watch the job through the API.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  CreateUserPoolCommand,
  GetCSVHeaderCommand,
  ListUserImportJobsCommand,
  ListUsersCommand,
  type AttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import { createPostgresSchema, databases, withServer, type DbKind } from './helpers/server.ts';
import { csvRow, userRow } from './import-helpers.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'userpool.mjs');

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, cwd: tmpdir(), maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

async function databaseFor(kind: DbKind, dir: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (kind === 'sqlite') return { url: `sqlite:${join(dir, 'userpool.db')}`, drop: async () => {} };
  return { url: await createPostgresSchema(), drop: async () => {} };
}

const attrs = (list: AttributeType[] | undefined): Record<string, string> => Object.fromEntries((list ?? []).map((a) => [a.Name!, a.Value!]));

for (const kind of await databases()) {
  describe(`userpool CLI: export → import (${kind})`, () => {
    let dir: string;
    let db: { url: string; drop(): Promise<void> };
    let env: Record<string, string>;
    const s = withServer(kind, async () => {
      dir = mkdtempSync(join(tmpdir(), 'userpool-cli-'));
      db = await databaseFor(kind, dir);
      env = { DATABASE_URL: db.url, USERPOOL_DATA_DIR: join(dir, 'data') };
      return { databaseUrl: db.url, dataDir: join(dir, 'data') };
    });
    after(async () => {
      await db.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('exports a pool in the import format and imports it into another pool; the job shows in the API', async () => {
      const schema = [{ Name: 'dept', AttributeDataType: 'String' as const }];
      const source = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'source', AutoVerifiedAttributes: ['email'], Schema: schema }))).UserPool!.Id!;
      const people: Array<[string, Record<string, string>]> = [
        ['ana', { email: 'ana@example.com', email_verified: 'true', name: 'Ana, the First', birthdate: '1990-07-04', 'custom:dept': 'ops\\infra', phone_number: '+15555550100' }],
        ['bo', { email: 'bo@example.com', email_verified: 'true', given_name: 'Bo' }],
        ['zoë', { email: 'zoe@example.com', email_verified: 'true', locale: 'de-DE' }],
        ['nova', { email: 'nova@example.com' }],
      ];
      for (const [username, a] of people) {
        await s.client.send(new AdminCreateUserCommand({ UserPoolId: source, Username: username, MessageAction: 'SUPPRESS', UserAttributes: Object.entries(a).map(([Name, Value]) => ({ Name, Value })) }));
      }
      const file = join(dir, 'export.csv');
      const exported = await cli(['export', '--pool', source, '--out', file], env);
      assert.equal(exported.code, 0, exported.stderr);
      assert.match(exported.stderr, /exported 4 users/);
      assert.match(exported.stderr, /1 of them have neither a verified email nor a verified phone number/);
      const lines = readFileSync(file, 'utf8').trimEnd().split('\n');
      const header = (await s.client.send(new GetCSVHeaderCommand({ UserPoolId: source }))).CSVHeader!;
      assert.equal(lines[0], header.join(','));
      assert.equal(lines.length, 5);
      assert.ok(lines.some((l) => l.includes('Ana\\, the First') && l.includes('07/04/1990') && l.includes('ops\\\\infra')));

      const stdout = await cli(['export', '--pool', source], env);
      assert.equal(stdout.stdout, `${lines.join('\n')}\n`);

      const target = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'target', AutoVerifiedAttributes: ['email'], Schema: schema }))).UserPool!.Id!;
      const imported = await cli(['import', '--pool', target, file], env);
      assert.equal(imported.code, 0, imported.stderr + imported.stdout);
      assert.match(imported.stdout, /^Succeeded: Import Job Completed Successfully\.$/m);
      assert.match(imported.stdout, /imported 3, skipped 0, failed 1/);
      assert.match(imported.stdout, /^\[FAILED\] Line Number \d - The User Record does not set any of the auto verified attributes to true/m);
      assert.match(imported.stderr, /imported 3 +skipped 0 +failed 1 \| 100\.0% of [\d.]+ MiB \| [\d,]+ rows\/s \| ETA 0:00/);

      for (const [username, a] of people.slice(0, 3)) {
        const before = await s.client.send(new AdminGetUserCommand({ UserPoolId: source, Username: username }));
        const after = await s.client.send(new AdminGetUserCommand({ UserPoolId: target, Username: username }));
        assert.equal(after.UserStatus, 'RESET_REQUIRED');
        const { sub: subBefore, ...rest } = attrs(before.UserAttributes);
        const { sub: subAfter, ...restAfter } = attrs(after.UserAttributes);
        assert.notEqual(subAfter, subBefore);
        assert.deepEqual(restAfter, rest, username);
        assert.deepEqual(restAfter, a);
      }
      const listed = await s.client.send(new ListUsersCommand({ UserPoolId: target }));
      assert.equal(listed.Users?.length, 3);

      const jobs = await s.client.send(new ListUserImportJobsCommand({ UserPoolId: target, MaxResults: 10 }));
      assert.equal(jobs.UserImportJobs?.length, 1);
      const job = jobs.UserImportJobs![0]!;
      assert.equal(job.Status, 'Succeeded');
      assert.equal(job.JobName, 'cli export.csv');
      assert.deepEqual([job.ImportedUsers, job.SkippedUsers, job.FailedUsers], [3, 0, 1]);
      assert.equal(job.PreSignedUrl, undefined);

      const log = await cli(['log', job.JobId!], env);
      assert.equal(log.code, 0);
      assert.match(log.stdout, /Succeeded: imported 3, skipped 0, failed 1/);

      // The same file again: every user exists → skipped, and the job Failed as AWS reports it.
      const again = await cli(['import', '--pool', target, file, '--name', 'second run'], env);
      assert.equal(again.code, 1);
      assert.match(again.stdout, /^Failed: Too many users have failed or been skipped during the import\.$/m);
      assert.match(again.stdout, /imported 0, skipped 3, failed 1/);
    });

    it('explains its usage and refuses what it cannot do', async () => {
      const usage = await cli([], env);
      assert.equal(usage.code, 2);
      assert.match(usage.stderr, /usage: userpool <command>/);
      assert.match(usage.stderr, /^ {2}import {2,}import users from a CSV file/m);
      const help = await cli(['import', '--help'], env);
      assert.equal(help.code, 0);
      assert.match(help.stdout, /usage: userpool import --pool <UserPoolId> <users\.csv>/);
      const noPool = await cli(['import', join(dir, 'x.csv')], env);
      assert.equal(noPool.code, 2);
      assert.match(noPool.stderr, /--pool <UserPoolId> is required/);
      const unknownPool = await cli(['export', '--pool', 'us-east-1_nope12345'], env);
      assert.equal(unknownPool.code, 1);
      assert.match(unknownPool.stderr, /User pool us-east-1_nope12345 does not exist\./);
      const pool = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'plain' }))).UserPool!.Id!;
      const header = (await s.client.send(new GetCSVHeaderCommand({ UserPoolId: pool }))).CSVHeader!;
      const path = join(dir, 'plain.csv');
      writeFileSync(path, `${header.join(',')}\n${userRow(header, 1)}\n${csvRow(header, {})}\n`);
      const plain = await cli(['import', '--pool', pool, path], env);
      assert.equal(plain.code, 1);
      assert.match(plain.stderr, /no auto-verified attributes/);
      const missing = await cli(['import', '--pool', pool, join(dir, 'missing.csv')], env);
      assert.equal(missing.code, 1);
      assert.match(missing.stderr, /no such file/);
    });
  });
}
