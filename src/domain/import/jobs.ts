/**
 * User import jobs as AWS describes them (spec/semantics.md §7): ids, the pre-signed upload URL,
 * the UserImportJobType view, and the status rules shared by the operations and the runner.
 */
import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import { join } from 'node:path';
import type { UserImportJobType } from '../../generated/shapes.ts';
import type { ImportJobRecord, ImportJobStatus } from '../../storage/ports/index.ts';

/** The pre-signed upload URL is valid for 15 minutes, as AWS's. */
export const UPLOAD_URL_TTL_SECONDS = 900;
/** AWS: "The maximum CSV file size is 100 MB." */
export const MAX_UPLOAD_BYTES = 100 * 1024 * 1024;
/** A job left in Created this long is Expired (AWS: 24–48 h). */
export const CREATED_JOB_TTL_MS = 24 * 60 * 60 * 1000;

export const MESSAGE_STOPPED = 'The Import Job was stopped by the developer.';
export const MESSAGE_SUCCEEDED = 'Import Job Completed Successfully.';
export const MESSAGE_TOO_MANY_FAILED = 'Too many users have failed or been skipped during the import.';

/** Statuses in which a job holds the pool (UserImportInProgressException) and the one import slot. */
export const ACTIVE_STATUSES: readonly ImportJobStatus[] = ['Pending', 'InProgress', 'Stopping'];
export const isActive = (status: ImportJobStatus): boolean => ACTIVE_STATUSES.includes(status);

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `import-` and 10 random letters/digits, as AWS's (`import-TZqNQvDRnW`). */
export function newImportJobId(): string {
  let s = 'import-';
  for (let i = 0; i < 10; i++) s += ALNUM[randomInt(ALNUM.length)];
  return s;
}

/** Where an uploaded CSV is kept until its job has run. */
export function uploadPathOf(dataDir: string, jobId: string): string {
  return join(dataDir, 'imports', `${jobId}.csv`);
}

/** The CSV a job reads: the operator's file (CLI) or the uploaded one. */
export function csvPathOf(dataDir: string, job: ImportJobRecord): string {
  return job.filePath ?? uploadPathOf(dataDir, job.jobId);
}

/** `20260101T000000Z` (SigV4's X-Amz-Date form). */
function amzDate(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/[-:]/g, '').replace('.000', '');
}

function parseAmzDate(s: string): number | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isFinite(ms) ? ms : undefined;
}

function uploadSignature(key: Buffer, jobId: string, date: string, expires: string): string {
  return createHmac('sha256', key).update(`userpool import upload\n${jobId}\n${date}\n${expires}`).digest('hex');
}

/**
 * The job's upload URL: `PUT` the CSV there (as to S3's pre-signed URL). Signed with the server's
 * token key over job id, issue time and lifetime; derived from the creation time, so Describe and
 * List return the same URL that Create did.
 */
export function presignedUploadUrl(publicUrl: string, key: Buffer, job: Pick<ImportJobRecord, 'jobId' | 'createdAt'>): string {
  const date = amzDate(job.createdAt);
  const expires = String(UPLOAD_URL_TTL_SECONDS);
  const sig = uploadSignature(key, job.jobId, date, expires);
  return `${publicUrl}/_userpool/import/${job.jobId}?X-Amz-Date=${date}&X-Amz-Expires=${expires}&X-Amz-SignedHeaders=host&X-Amz-Signature=${sig}`;
}

export type UploadUrlCheck = { ok: true } | { ok: false; code: 'AccessDenied'; message: string };

/** Checks an upload request's query parameters: a valid signature for this job, not expired. */
export function checkUploadUrl(key: Buffer, jobId: string, query: Record<string, string | undefined>, now: number): UploadUrlCheck {
  const date = query['X-Amz-Date'];
  const expires = query['X-Amz-Expires'];
  const sig = query['X-Amz-Signature'];
  if (date === undefined || expires === undefined || sig === undefined) {
    return { ok: false, code: 'AccessDenied', message: 'Query-string authentication requires the X-Amz-Date, X-Amz-Expires and X-Amz-Signature parameters' };
  }
  const expected = Buffer.from(uploadSignature(key, jobId, date, expires), 'hex');
  const given = /^[0-9a-f]{64}$/.test(sig) ? Buffer.from(sig, 'hex') : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, code: 'AccessDenied', message: 'The request signature we calculated does not match the signature you provided.' };
  }
  const issued = parseAmzDate(date);
  const ttl = Number(expires);
  if (issued === undefined || !Number.isInteger(ttl) || now > issued + ttl * 1000) {
    return { ok: false, code: 'AccessDenied', message: 'Request has expired' };
  }
  return { ok: true };
}

/** A job in Created past its lifetime reads as Expired (AWS deletes its data; so do we). */
export function isExpired(job: ImportJobRecord, now: number): boolean {
  return job.status === 'Created' && now - job.createdAt > CREATED_JOB_TTL_MS;
}

const seconds = (ms: number): number => ms / 1000;

/** The AWS view of a job (UserImportJobType); absent members omitted. */
export function toUserImportJobType(job: ImportJobRecord, publicUrl: string, key: Buffer): UserImportJobType {
  const out: UserImportJobType = {
    JobName: job.jobName,
    JobId: job.jobId,
    UserPoolId: job.poolId,
  };
  if (job.filePath === null) out.PreSignedUrl = presignedUploadUrl(publicUrl, key, job);
  out.CreationDate = seconds(job.createdAt);
  if (job.startedAt !== null) out.StartDate = seconds(job.startedAt);
  if (job.completedAt !== null) out.CompletionDate = seconds(job.completedAt);
  out.Status = job.status;
  if (job.cloudWatchLogsRoleArn !== null) out.CloudWatchLogsRoleArn = job.cloudWatchLogsRoleArn;
  out.ImportedUsers = job.importedUsers;
  out.SkippedUsers = job.skippedUsers;
  out.FailedUsers = job.failedUsers;
  if (job.completionMessage !== null) out.CompletionMessage = job.completionMessage;
  return out;
}
