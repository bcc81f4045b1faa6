/** Shared by the import suites: CSV building, the S3-style PUT, waiting for a job. */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import {
  CreateUserImportJobCommand,
  CreateUserPoolCommand,
  DescribeUserImportJobCommand,
  GetCSVHeaderCommand,
  type CognitoIdentityProviderClient,
  type CreateUserPoolCommandInput,
  type UserImportJobType,
} from '@aws-sdk/client-cognito-identity-provider';

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/CognitoImportRole';

export async function createImportPool(client: CognitoIdentityProviderClient, extra: Partial<CreateUserPoolCommandInput> = {}): Promise<{ poolId: string; header: string[] }> {
  const pool = await client.send(new CreateUserPoolCommand({ PoolName: 'import', AutoVerifiedAttributes: ['email'], ...extra }));
  const poolId = pool.UserPool!.Id!;
  const header = (await client.send(new GetCSVHeaderCommand({ UserPoolId: poolId }))).CSVHeader!;
  return { poolId, header };
}

/** One CSV line with GetCSVHeader's columns in `header` order; absent columns empty. */
export function csvRow(header: string[], values: Record<string, string>): string {
  return header.map((h) => values[h] ?? '').join(',');
}

/** A valid row for user `user<i>` (verified email). */
export function userRow(header: string[], i: number, extra: Record<string, string> = {}): string {
  return csvRow(header, { 'cognito:username': `user${i}`, email: `user${i}@example.com`, email_verified: 'true', 'cognito:mfa_enabled': 'false', given_name: `Given${i}`, ...extra });
}

/** Writes a CSV of `rows` valid users to `path` without holding it in memory. */
export async function writeUsersCsv(path: string, header: string[], rows: number, from = 1): Promise<void> {
  const out = createWriteStream(path);
  out.write(`${header.join(',')}\n`);
  for (let i = from; i < from + rows; ) {
    let chunk = '';
    for (let k = 0; k < 2000 && i < from + rows; k++, i++) chunk += `${userRow(header, i)}\n`;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

export async function createJob(client: CognitoIdentityProviderClient, poolId: string, name = 'import-test'): Promise<UserImportJobType> {
  return (await client.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: name, CloudWatchLogsRoleArn: ROLE_ARN }))).UserImportJob!;
}

/** `curl -T file -H "x-amz-server-side-encryption:aws:kms" <url>` as fetch does it. */
export async function putCsv(url: string, body: string | Buffer | ReadableStream<Uint8Array>): Promise<Response> {
  return fetch(url, {
    method: 'PUT',
    headers: { 'x-amz-server-side-encryption': 'aws:kms' },
    body,
    ...(typeof body === 'string' || Buffer.isBuffer(body) ? {} : { duplex: 'half' }),
  } as RequestInit);
}

export async function describeJob(client: CognitoIdentityProviderClient, poolId: string, jobId: string): Promise<UserImportJobType> {
  return (await client.send(new DescribeUserImportJobCommand({ UserPoolId: poolId, JobId: jobId }))).UserImportJob!;
}

/** Polls DescribeUserImportJob until `done(job)` (default: a final status). */
export async function waitForJob(
  client: CognitoIdentityProviderClient,
  poolId: string,
  jobId: string,
  done: (job: UserImportJobType) => boolean = (j) => ['Succeeded', 'Failed', 'Stopped', 'Expired'].includes(j.Status!),
  timeoutMs = 120_000,
): Promise<UserImportJobType> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await describeJob(client, poolId, jobId);
    if (done(job)) return job;
    if (Date.now() > deadline) throw new Error(`import job ${jobId} still ${job.Status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface LogEvent {
  LineNumber: number;
  Outcome: 'FAILED' | 'SKIPPED';
  Message: string;
}

export async function readJobLog(baseUrl: string, jobId: string): Promise<{ Events: LogEvent[]; [k: string]: unknown }> {
  const res = await fetch(`${baseUrl}/_userpool/import/${jobId}/log`);
  if (res.status !== 200) throw new Error(`log: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as { Events: LogEvent[] };
}
