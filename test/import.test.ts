import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AddCustomAttributesCommand,
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  CreateUserPoolClientCommand,
  ForgotPasswordCommand,
  InitiateAuthCommand,
  DeleteUserPoolCommand,
  UpdateUserPoolCommand,
  CreateUserPoolCommand,
  ListUserImportJobsCommand,
  ListUsersCommand,
  StartUserImportJobCommand,
  StopUserImportJobCommand,
  DescribeUserImportJobCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { databases, rawCall, withServer } from './helpers/server.ts';
import { rejectsWith } from './helpers/errors.ts';
import { createImportPool, createJob, csvRow, putCsv, readJobLog, ROLE_ARN, userRow, waitForJob, writeUsersCsv } from './import-helpers.ts';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { SignatureV4 } from '@smithy/signature-v4';
import sha256js from '@aws-crypto/sha256-js';

for (const kind of await databases()) {
  describe(`user import jobs (${kind})`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'userpool-import-'));
    const s = withServer(kind, { dataDir });
    after(async () => {
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('creates a job in Created with a signed 15-minute PreSignedUrl on this server, and describes it', async () => {
      const { poolId } = await createImportPool(s.client);
      const job = await createJob(s.client, poolId, 'my job');
      assert.match(job.JobId!, /^import-[0-9a-zA-Z]{10}$/);
      assert.equal(job.JobName, 'my job');
      assert.equal(job.UserPoolId, poolId);
      assert.equal(job.Status, 'Created');
      assert.equal(job.CloudWatchLogsRoleArn, ROLE_ARN);
      assert.equal(job.ImportedUsers, 0);
      assert.equal(job.SkippedUsers, 0);
      assert.equal(job.FailedUsers, 0);
      assert.ok(job.CreationDate instanceof Date);
      assert.equal(job.StartDate, undefined);
      assert.equal(job.CompletionMessage, undefined);
      const url = new URL(job.PreSignedUrl!);
      assert.equal(url.origin, s.url);
      assert.equal(url.pathname, `/_userpool/import/${job.JobId}`);
      assert.equal(url.searchParams.get('X-Amz-Expires'), '900');
      assert.match(url.searchParams.get('X-Amz-Signature')!, /^[0-9a-f]{64}$/);
      const described = await s.client.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
      assert.deepEqual(described.UserImportJob, job);
    });

    it('imports a CSV uploaded by PUT, row by row: good rows RESET_REQUIRED, bad rows FAILED/SKIPPED with their line numbers', async () => {
      const { poolId, header } = await createImportPool(s.client, { Schema: [{ Name: 'dept', AttributeDataType: 'String', StringAttributeConstraints: { MaxLength: '5' } }] });
      assert.ok(header.includes('custom:dept'));
      // Columns in another order than GetCSVHeader's: any order is fine.
      const cols = [...header].reverse();
      const lines = [
        cols.join(','),
        /* 2 */ csvRow(cols, { 'cognito:username': 'alice', email: 'Alice@Example.com', email_verified: 'TRUE', 'cognito:mfa_enabled': 'FALSE', name: 'Doe\\, Alice', birthdate: '02/01/1985', updated_at: '1471453471', 'custom:dept': 'R&D', phone_number: '+12345550100' }),
        /* 3 */ csvRow(cols, { 'cognito:username': 'bob', email: 'bob@example.com', email_verified: 'false', 'cognito:mfa_enabled': 'false' }),
        /* 4 */ csvRow(cols, { 'cognito:username': 'ALICE', email: 'alice2@example.com', email_verified: 'true' }),
        /* 5 */ csvRow(cols, { 'cognito:username': 'carol', email: 'carol@example.com', email_verified: 'true', birthdate: '1985-02-01' }),
        /* 6 */ csvRow(cols, { 'cognito:username': 'dave smith', email: 'dave@example.com', email_verified: 'true' }),
        /* 7 */ csvRow(cols, { email: 'nobody@example.com', email_verified: 'true' }),
        /* 8 */ csvRow(cols, { 'cognito:username': 'erin', email: 'erin@example.com', email_verified: 'true', 'cognito:mfa_enabled': 'true' }),
        /* 9 */ csvRow(cols, { 'cognito:username': 'frank', email: 'not-an-email', email_verified: 'true' }),
        /* 10 */ csvRow(cols, { 'cognito:username': 'grace', email: 'grace@example.com', email_verified: 'yes' }),
        /* 11 */ csvRow(cols, { 'cognito:username': 'heidi', email: 'heidi@example.com', email_verified: 'true', 'custom:dept': 'toolong' }),
        /* 12 */ 'ivan,too,few,values',
        /* 13 */ '',
        /* 14 */ csvRow(cols, { 'cognito:username': 'judy', email: 'judy@example.com', email_verified: 'true', updated_at: 'yesterday' }),
        /* 15 */ csvRow(cols, { 'cognito:username': 'mallory', phone_number: '+12345550111', phone_number_verified: 'true' }),
        /* 16 */ csvRow(cols, { 'cognito:username': 'zed', email: 'zed@example.com', email_verified: 'true', given_name: '  Zed  ' }),
      ];
      const job = await createJob(s.client, poolId);
      const put = await putCsv(job.PreSignedUrl!, `${lines.join('\r\n')}\r\n`);
      assert.equal(put.status, 200);
      assert.match(put.headers.get('etag') ?? '', /^"[0-9a-f]{32}"$/);
      assert.equal(put.headers.get('x-amz-server-side-encryption'), 'aws:kms');

      const started = await s.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
      assert.equal(started.UserImportJob?.Status, 'Pending');
      assert.ok(started.UserImportJob?.StartDate instanceof Date);

      const done = await waitForJob(s.client, poolId, job.JobId!);
      assert.equal(done.Status, 'Succeeded');
      assert.equal(done.CompletionMessage, 'Import Job Completed Successfully.');
      assert.ok(done.CompletionDate instanceof Date);
      assert.ok(done.CompletionDate! >= done.StartDate!);
      assert.equal(done.ImportedUsers, 2);
      assert.equal(done.SkippedUsers, 1);
      assert.equal(done.FailedUsers, 11);

      const log = await readJobLog(s.url, job.JobId!);
      const byLine = new Map(log.Events.map((e) => [e.LineNumber, e]));
      assert.deepEqual([...byLine.keys()], [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15]);
      assert.equal(byLine.get(3)?.Message, 'The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).');
      assert.deepEqual(byLine.get(4), { LineNumber: 4, Outcome: 'SKIPPED', Message: 'The user already exists.' });
      assert.match(byLine.get(5)!.Message, /birthdate must be in the format mm\/dd\/yyyy/);
      assert.match(byLine.get(6)!.Message, /cannot contain spaces or tabs/);
      assert.match(byLine.get(7)!.Message, /cognito:username value is missing/);
      assert.match(byLine.get(8)!.Message, /must be false or blank: MFA is off/);
      assert.equal(byLine.get(9)?.Message, 'Invalid email address format.');
      assert.match(byLine.get(10)!.Message, /email_verified/);
      assert.match(byLine.get(11)!.Message, /custom:dept/);
      assert.match(byLine.get(12)!.Message, /has 4 values but the header has \d+ columns/);
      assert.match(byLine.get(14)!.Message, /updated_at/);
      // Only email is auto-verified in this pool, so a verified phone number alone does not do.
      assert.equal(byLine.get(15)?.Outcome, 'FAILED');
      for (const e of log.Events) assert.ok(!/alice|bob|example\.com/i.test(e.Message), `no user data in the log: ${e.Message}`);
      assert.equal(byLine.get(3)?.Outcome, 'FAILED');
      const text = await (await fetch(`${s.url}/_userpool/import/${job.JobId}/log?format=text`)).text();
      assert.match(text, /^\[FAILED\] Line Number 3 - The User Record does not set/m);
      assert.match(text, /^\[SKIPPED\] Line Number 4 - The user already exists\.$/m);

      const alice = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'alice' }));
      assert.equal(alice.UserStatus, 'RESET_REQUIRED');
      assert.equal(alice.Enabled, true);
      const attrs = Object.fromEntries(alice.UserAttributes!.map((a) => [a.Name, a.Value]));
      assert.match(attrs['sub']!, /^[0-9a-f-]{36}$/);
      assert.equal(attrs['name'], 'Doe, Alice');
      assert.equal(attrs['birthdate'], '1985-02-01');
      assert.equal(attrs['email'], 'Alice@Example.com');
      assert.equal(attrs['email_verified'], 'true');
      assert.equal(attrs['updated_at'], '1471453471');
      assert.equal(attrs['custom:dept'], 'R&D');
      const zed = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'zed' }));
      assert.equal(zed.UserAttributes?.find((a) => a.Name === 'given_name')?.Value, 'Zed');

      const listed = await s.client.send(new ListUsersCommand({ UserPoolId: poolId }));
      assert.deepEqual(listed.Users?.map((u) => u.Username).sort(), ['alice', 'zed']);
      assert.ok(listed.Users?.every((u) => u.UserStatus === 'RESET_REQUIRED'));
      // The upload is deleted once the job has run (AWS deletes it too).
      assert.ok(!readdirSync(join(dataDir, 'imports')).some((f) => f.startsWith(job.JobId!)));
    });

    it('skips users that already exist in the pool and fails the job when no user could be imported', async () => {
      const { poolId, header } = await createImportPool(s.client);
      const csv = `${header.join(',')}\n${userRow(header, 1)}\n${userRow(header, 2)}\n`;
      const first = await createJob(s.client, poolId);
      await putCsv(first.PreSignedUrl!, csv);
      await s.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: first.JobId }));
      assert.equal((await waitForJob(s.client, poolId, first.JobId!)).ImportedUsers, 2);
      const again = await createJob(s.client, poolId);
      await putCsv(again.PreSignedUrl!, csv);
      await s.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: again.JobId }));
      const done = await waitForJob(s.client, poolId, again.JobId!);
      assert.equal(done.Status, 'Failed');
      assert.equal(done.CompletionMessage, 'Too many users have failed or been skipped during the import.');
      assert.equal(done.ImportedUsers, 0);
      assert.equal(done.SkippedUsers, 2);
      const log = await readJobLog(s.url, again.JobId!);
      assert.deepEqual(log.Events.map((e) => [e.LineNumber, e.Outcome]), [[2, 'SKIPPED'], [3, 'SKIPPED']]);
    });

    it('applies the pool settings: email as username, alias conflicts, MFA required, required attributes', async () => {
      const { poolId, header } = await createImportPool(s.client, { UsernameAttributes: ['email'] });
      const csv = [
        header.join(','),
        /* 2 */ csvRow(header, { 'cognito:username': 'kim@example.com', email_verified: 'true' }),
        /* 3 */ csvRow(header, { 'cognito:username': 'KIM@example.com', email_verified: 'true' }),
        /* 4 */ csvRow(header, { 'cognito:username': 'lee', email_verified: 'true' }),
        /* 5 */ csvRow(header, { 'cognito:username': 'max@example.com', email: 'other@example.com', email_verified: 'true' }),
      ].join('\n');
      const job = await createJob(s.client, poolId);
      await putCsv(job.PreSignedUrl!, csv);
      await s.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
      const done = await waitForJob(s.client, poolId, job.JobId!);
      assert.deepEqual([done.ImportedUsers, done.SkippedUsers, done.FailedUsers], [1, 1, 2]);
      const kim = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'kim@example.com' }));
      assert.match(kim.Username!, /^[0-9a-f-]{36}$/);
      assert.equal(kim.UserAttributes?.find((a) => a.Name === 'email')?.Value, 'kim@example.com');
      const log = await readJobLog(s.url, job.JobId!);
      assert.deepEqual(log.Events.map((e) => [e.LineNumber, e.Outcome, e.Message]), [
        [3, 'SKIPPED', 'The user already exists.'],
        [4, 'FAILED', 'Username should be an email.'],
        [5, 'FAILED', 'User email should be empty or same as username, since username attribute is email.'],
      ]);

      const mfaPool = await s.client.send(new CreateUserPoolCommand({
        PoolName: 'mfa',
        AutoVerifiedAttributes: ['email', 'phone_number'],
        AliasAttributes: ['email'],
        MfaConfiguration: 'ON',
        SmsConfiguration: { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns' },
        Schema: [{ Name: 'family_name', Required: true }],
      }));
      const mfaPoolId = mfaPool.UserPool!.Id!;
      const h = (await createImportPool(s.client)).header;
      const rows = [
        h.join(','),
        /* 2 */ csvRow(h, { 'cognito:username': 'p1', phone_number: '+12345550001', phone_number_verified: 'true', family_name: 'One' }),
        /* 3 */ csvRow(h, { 'cognito:username': 'p2', email: 'p@example.com', email_verified: 'true', 'cognito:mfa_enabled': 'false', family_name: 'Two' }),
        /* 4 */ csvRow(h, { 'cognito:username': 'p3', email: 'P@example.com', email_verified: 'true', 'cognito:mfa_enabled': 'true', family_name: 'Three' }),
        /* 5 */ csvRow(h, { 'cognito:username': 'p4', email: 'p4@example.com', email_verified: 'true' }),
        /* 6 */ csvRow(h, { 'cognito:username': 'p5@example.com', email: 'p5@example.com', email_verified: 'true', family_name: 'Five' }),
        /* 7 */ csvRow(h, { 'cognito:username': 'p6', email: 'p@example.com', email_verified: 'true', family_name: 'Six' }),
      ].join('\n');
      const job2 = await createJob(s.client, mfaPoolId);
      await putCsv(job2.PreSignedUrl!, rows);
      await s.client.send(new StartUserImportJobCommand({ UserPoolId: mfaPoolId, JobId: job2.JobId }));
      const done2 = await waitForJob(s.client, mfaPoolId, job2.JobId!);
      const log2 = await readJobLog(s.url, job2.JobId!);
      assert.deepEqual(log2.Events.map((e) => [e.LineNumber, e.Outcome]), [[3, 'FAILED'], [5, 'FAILED'], [6, 'FAILED'], [7, 'FAILED']], JSON.stringify(log2.Events));
      assert.match(log2.Events[0]!.Message, /must be true or blank: MFA is required/);
      assert.match(log2.Events[1]!.Message, /family_name is required/);
      assert.equal(log2.Events[2]!.Message, 'Username cannot be of email format, since user pool is configured for email alias.');
      assert.equal(log2.Events[3]!.Message, 'An account with the given email already exists.');
      assert.deepEqual([done2.ImportedUsers, done2.FailedUsers], [2, 4]);
    });

    it('fails the job honestly: no upload, a header that is not GetCSVHeader\'s, an empty file, a BOM', async () => {
      const { poolId, header } = await createImportPool(s.client);
      const cases: Array<[string | undefined, RegExp]> = [
        [undefined, /^No CSV file was uploaded/],
        [`${header.filter((h) => h !== 'cognito:username').join(',')},nickname2\n`, /missing cognito:username; not in the user pool nickname2/],
        ['', /empty/],
        [`\uFEFF${header.join(',')}\n`, /byte order mark/],
      ];
      for (const [body, message] of cases) {
        const job = await createJob(s.client, poolId);
        if (body !== undefined) assert.equal((await putCsv(job.PreSignedUrl!, body)).status, 200);
        await s.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
        const done = await waitForJob(s.client, poolId, job.JobId!);
        assert.equal(done.Status, 'Failed');
        assert.match(done.CompletionMessage!, message);
        assert.ok(done.CompletionDate instanceof Date);
      }
    });

    it('enforces the status machine with PreconditionNotMetException and names unknown jobs', async () => {
      const { poolId, header } = await createImportPool(s.client);
      const job = await createJob(s.client, poolId);
      await rejectsWith(s.client.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId })), 'PreconditionNotMetException', /status is Created/);
      await putCsv(job.PreSignedUrl!, `${header.join(',')}\n${userRow(header, 1)}\n`);
      await s.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
      await waitForJob(s.client, poolId, job.JobId!);
      await rejectsWith(s.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId })), 'PreconditionNotMetException', /status is Succeeded/);
      await rejectsWith(s.client.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId })), 'PreconditionNotMetException', /status is Succeeded/);
      await rejectsWith(s.client.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: 'import-nope123456' })), 'ResourceNotFoundException');
      const other = await createImportPool(s.client);
      await rejectsWith(s.client.send(new DescribeUserImportJobCommand({ UserPoolId: other.poolId, JobId: job.JobId })), 'ResourceNotFoundException');
      await rejectsWith(s.client.send(new StartUserImportJobCommand({ UserPoolId: 'us-east-1_nope12345', JobId: job.JobId })), 'ResourceNotFoundException', 'User pool us-east-1_nope12345 does not exist.');
      // AWS: a pool without auto-verified attributes cannot run an import.
      const plain = await s.client.send(new CreateUserPoolCommand({ PoolName: 'plain' }));
      const plainJob = await createJob(s.client, plain.UserPool!.Id!);
      await rejectsWith(s.client.send(new StartUserImportJobCommand({ UserPoolId: plain.UserPool!.Id!, JobId: plainJob.JobId })), 'PreconditionNotMetException', /auto-verified/);
      // The model's constraints come first.
      const bad = await rawCall(s.url, 'CreateUserImportJob', { UserPoolId: poolId, JobName: 'x' });
      assert.equal(bad.json['__type'], 'InvalidParameterException');
    });

    it('expires a job left in Created for a day; its URL stops working after 15 minutes', async () => {
      const { poolId, header } = await createImportPool(s.client);
      const job = await createJob(s.client, poolId);
      const realNow = s.deps.now;
      try {
        s.deps.now = () => realNow() + 16 * 60 * 1000;
        const late = await putCsv(job.PreSignedUrl!, `${header.join(',')}\n`);
        assert.equal(late.status, 403);
        assert.match(await late.text(), /<Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
        s.deps.now = () => realNow() + 25 * 60 * 60 * 1000;
        const d = await s.client.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
        assert.equal(d.UserImportJob?.Status, 'Expired');
        await rejectsWith(s.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId })), 'PreconditionNotMetException', /Expired/);
      } finally {
        s.deps.now = realNow;
      }
    });

    it('answers the upload URL like S3: 403 for a bad signature, 400 EntityTooLarge past 100 MB, 403 once started', async () => {
      const { poolId, header } = await createImportPool(s.client);
      const job = await createJob(s.client, poolId);
      const forged = job.PreSignedUrl!.replace(/X-Amz-Signature=[0-9a-f]{4}/, 'X-Amz-Signature=0000');
      const denied = await putCsv(forged, 'x');
      assert.equal(denied.status, 403);
      assert.equal(denied.headers.get('content-type'), 'application/xml');
      assert.match(await denied.text(), /<Error><Code>AccessDenied<\/Code>/);
      const otherJob = await createJob(s.client, poolId);
      const swapped = await putCsv(job.PreSignedUrl!.replace(job.JobId!, otherJob.JobId!), 'x');
      assert.equal(swapped.status, 403);

      // A declared length past the cap is refused before the body is read.
      const tooLarge = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(job.PreSignedUrl!, { method: 'PUT', headers: { 'content-length': String(100 * 1024 * 1024 + 1) } }, (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.write('cognito:username\n');
      });
      assert.equal(tooLarge.status, 400);
      assert.match(tooLarge.body, /<Code>EntityTooLarge<\/Code>/);

      // A streamed body (no content-length) of 101 MB is cut off at the cap.
      let sent = 0;
      const chunk = Buffer.alloc(1024 * 1024, 0x61);
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= 101) return controller.close();
          sent++;
          controller.enqueue(chunk);
        },
      });
      const streamed = await putCsv(job.PreSignedUrl!, stream).catch((e: Error) => e);
      if (streamed instanceof Response) {
        assert.equal(streamed.status, 400);
        assert.match(await streamed.text(), /EntityTooLarge/);
      }
      assert.deepEqual(readdirSync(join(dataDir, 'imports')).filter((f) => f.startsWith(job.JobId!)), []);

      // A real upload streamed from a file, then the job starts: the URL no longer takes files.
      const path = join(dataDir, 'stream.csv');
      await writeUsersCsv(path, header, 10);
      const fromFile = await putCsv(job.PreSignedUrl!, Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>);
      assert.equal(fromFile.status, 200);
      await s.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
      const late = await putCsv(job.PreSignedUrl!, 'x');
      assert.equal(late.status, 403);
      assert.equal((await waitForJob(s.client, poolId, job.JobId!)).ImportedUsers, 10);
    });

    it('lists jobs newest first with MaxResults and PaginationToken', async () => {
      const { poolId } = await createImportPool(s.client);
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        ids.push((await createJob(s.client, poolId, `job-${i}`)).JobId!);
        await new Promise((r) => setTimeout(r, 5));
      }
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await s.client.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 2, ...(token ? { PaginationToken: token } : {}) }));
        assert.ok(page.UserImportJobs!.length <= 2);
        seen.push(...page.UserImportJobs!.map((j) => j.JobId!));
        token = page.PaginationToken;
      } while (token);
      assert.deepEqual(seen, [...ids].reverse());
      const all = await s.client.send(new ListUserImportJobsCommand({ UserPoolId: poolId, MaxResults: 60 }));
      assert.equal(all.PaginationToken, undefined);
      assert.equal(all.UserImportJobs?.[0]?.JobName, 'job-4');
      const missing = await rawCall(s.url, 'ListUserImportJobs', { UserPoolId: poolId });
      assert.equal(missing.json['__type'], 'InvalidParameterException');
      const tooMany = await rawCall(s.url, 'ListUserImportJobs', { UserPoolId: poolId, MaxResults: 61 });
      assert.equal(tooMany.json['__type'], 'InvalidParameterException');
      const garbage = await rawCall(s.url, 'ListUserImportJobs', { UserPoolId: poolId, MaxResults: 2, PaginationToken: 'abc.def' });
      assert.equal(garbage.json['__type'], 'InvalidParameterException');
    });

    it('stops a running job between batches: Stopping → Stopped, imported users stay, the pool is locked meanwhile', async () => {
      const { poolId, header } = await createImportPool(s.client);
      // Many transactions (10,000 rows each on SQLite, 5,000 on PostgreSQL): the job is still running after the checks below.
      const rows = 300_000;
      const path = join(dataDir, 'big.csv');
      await writeUsersCsv(path, header, rows);
      const job = await createJob(s.client, poolId);
      const put = await putCsv(job.PreSignedUrl!, Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>);
      assert.equal(put.status, 200);
      await s.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
      const running = await waitForJob(s.client, poolId, job.JobId!, (j) => (j.ImportedUsers ?? 0) > 0 || !['Pending', 'InProgress'].includes(j.Status!));
      assert.equal(running.Status, 'InProgress');
      // The pool is locked while the job runs (AWS: UserImportInProgressException).
      await rejectsWith(s.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId, AutoVerifiedAttributes: ['email'] })), 'UserImportInProgressException');
      await rejectsWith(s.client.send(new AddCustomAttributesCommand({ UserPoolId: poolId, CustomAttributes: [{ Name: 'late', AttributeDataType: 'String' }] })), 'UserImportInProgressException');
      await rejectsWith(s.client.send(new DeleteUserPoolCommand({ UserPoolId: poolId })), 'UserImportInProgressException');
      // Only one import job can be active at a time.
      const second = await createJob(s.client, poolId);
      await rejectsWith(s.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: second.JobId })), 'PreconditionNotMetException', /one import job/);
      const stopped = await s.client.send(new StopUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
      assert.ok(['Stopping', 'Stopped'].includes(stopped.UserImportJob!.Status!), stopped.UserImportJob!.Status);
      const done = await waitForJob(s.client, poolId, job.JobId!);
      assert.equal(done.Status, 'Stopped');
      assert.equal(done.CompletionMessage, 'The Import Job was stopped by the developer.');
      assert.ok(done.CompletionDate instanceof Date);
      assert.ok(done.ImportedUsers! > 0 && done.ImportedUsers! < rows, `imported ${done.ImportedUsers}`);
      const count = await s.deps.store.users.countUsers(poolId);
      assert.equal(count, done.ImportedUsers);
      await s.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId, AutoVerifiedAttributes: ['email'] }));
      await rejectsWith(s.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId })), 'PreconditionNotMetException', /Stopped/);
    });
  });
}

for (const kind of await databases()) {
  describe(`imported users sign in after a password reset (${kind})`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'userpool-import-'));
    const s = withServer(kind, { dataDir, fixedCode: '123456' });
    after(async () => {
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('RESET_REQUIRED → PasswordResetRequiredException → ForgotPassword → ConfirmForgotPassword → CONFIRMED → tokens', async () => {
      const { poolId, header } = await createImportPool(s.client);
      const client = await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
      const clientId = client.UserPoolClient!.ClientId!;
      const job = await createJob(s.client, poolId);
      await putCsv(job.PreSignedUrl!, `${header.join(',')}\n${userRow(header, 7)}\n`);
      await s.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
      assert.equal((await waitForJob(s.client, poolId, job.JobId!)).ImportedUsers, 1);

      const signIn = (password: string) =>
        s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'user7', PASSWORD: password } }));
      await rejectsWith(signIn('Anything-1'), 'PasswordResetRequiredException', 'Password reset required for the user');
      const forgot = await s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'user7' }));
      assert.equal(forgot.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
      await s.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'user7', ConfirmationCode: '123456', Password: 'New-Passw0rd!' }));
      const user = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'user7' }));
      assert.equal(user.UserStatus, 'CONFIRMED');
      const tokens = await signIn('New-Passw0rd!');
      assert.ok(tokens.AuthenticationResult?.AccessToken);
    });
  });
}

describe('user import in SigV4 verify mode (sqlite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'userpool-import-'));
  const s = withServer('sqlite', { dataDir, signatureMode: 'verify', accessKeys: { AKIDTEST: 'test-secret' } });
  after(async () => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('takes the upload on its own pre-signed URL and serves the log only to signed requests', async () => {
    const { poolId, header } = await createImportPool(s.client);
    const job = await createJob(s.client, poolId);
    assert.equal((await putCsv(job.PreSignedUrl!, `${header.join(',')}\n${userRow(header, 1)}\n${csvRow(header, { 'cognito:username': 'x' })}\n`)).status, 200);
    await s.client.send(new StartUserImportJobCommand({ UserPoolId: poolId, JobId: job.JobId }));
    await waitForJob(s.client, poolId, job.JobId!);

    const path = `/_userpool/import/${job.JobId}/log`;
    const unsigned = await fetch(`${s.url}${path}`);
    assert.equal(unsigned.status, 403);
    assert.equal(unsigned.headers.get('x-amzn-errortype'), 'MissingAuthenticationTokenException');

    const { hostname, port } = new URL(s.url);
    const signer = new SignatureV4({ credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' }, region: 'us-east-1', service: 'cognito-idp', sha256: sha256js.Sha256 });
    const signed = await signer.sign({ method: 'GET', protocol: 'http:', hostname, port: Number(port), path, headers: { host: `${hostname}:${port}` } });
    const res = await fetch(`${s.url}${path}`, { headers: signed.headers as Record<string, string> });
    assert.equal(res.status, 200);
    const log = (await res.json()) as { Events: Array<{ LineNumber: number; Outcome: string }> };
    assert.deepEqual(log.Events.map((e) => [e.LineNumber, e.Outcome]), [[3, 'FAILED']]);
  });
});
