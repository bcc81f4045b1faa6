/**
 * The S3 side of user import jobs:
 *
 * - `PUT /_userpool/import/<jobId>?X-Amz-…` — the job's PreSignedUrl. Clients upload the CSV as
 *   to S3 (`curl -T users.csv -H "x-amz-server-side-encryption:aws:kms" "<url>"`); the header is
 *   accepted and ignored. The body streams to the data directory (never buffered whole), capped
 *   at 100 MB; S3-style XML errors (403 AccessDenied for a bad or expired signature, 400
 *   EntityTooLarge). Registered in its own scope whose content-type parser hands the raw stream
 *   through, so the app's 1 MiB body limit does not apply here.
 * - `GET /_userpool/import/<jobId>/log[?after=<line>&limit=<n>&format=text]` — the rows that were
 *   not imported (line number, FAILED/SKIPPED, reason; no user data), as CloudWatch's import log.
 *   Needs a SigV4 signature when the server verifies signatures.
 *
 * The job runner of the server is shut down (jobs handed back after their current batch) when
 * the app closes, before the database is.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { checkUploadUrl, MAX_UPLOAD_BYTES, uploadPathOf } from '../../domain/import/jobs.ts';
import { importRunnerFor } from '../../domain/import/runner.ts';
import { CognitoError } from '../../domain/errors.ts';
import { verifySigV4 } from '../protocol/sigv4.ts';

const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function s3Error(reply: FastifyReply, status: number, code: string, message: string, close = false): FastifyReply {
  const requestId = randomBytes(8).toString('hex').toUpperCase();
  if (close) reply.header('connection', 'close');
  return reply
    .code(status)
    .header('content-type', 'application/xml')
    .header('x-amz-request-id', requestId)
    .send(`<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message><RequestId>${requestId}</RequestId></Error>`);
}

class TooLarge extends Error {}

/** Counts and hashes the bytes going through; errors past the cap. */
class Meter extends Transform {
  bytes = 0;
  readonly md5 = createHash('md5');
  constructor(private readonly cap: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.cap) return done(new TooLarge());
    this.md5.update(chunk);
    done(null, chunk);
  }
}

type JobParams = { jobId: string };

async function upload(deps: Deps, req: FastifyRequest<{ Params: JobParams }>, reply: FastifyReply): Promise<FastifyReply> {
  const { jobId } = req.params;
  const query = req.query as Record<string, string | undefined>;
  const check = checkUploadUrl(deps.tokenKey, jobId, query, deps.now());
  if (!check.ok) return s3Error(reply, 403, check.code, check.message, true);
  const job = await deps.store.imports.findImportJob(jobId);
  if (!job) return s3Error(reply, 404, 'NoSuchUpload', 'The import job of this URL no longer exists.', true);
  if (job.status !== 'Created') {
    return s3Error(reply, 403, 'AccessDenied', `The import job is ${job.status}: its CSV file can no longer be replaced.`, true);
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > MAX_UPLOAD_BYTES) {
    return s3Error(reply, 400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed size: CSV files are limited to ${MAX_UPLOAD_BYTES} bytes (100 MB).`, true);
  }

  const path = uploadPathOf(deps.config.dataDir, jobId);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const part = `${path}.part-${randomBytes(6).toString('hex')}`;
  const meter = new Meter(MAX_UPLOAD_BYTES);
  try {
    await pipeline(req.raw, meter, createWriteStream(part, { mode: 0o600 }));
  } catch (err) {
    rmSync(part, { force: true });
    if (err instanceof TooLarge) {
      return s3Error(reply, 400, 'EntityTooLarge', `Your proposed upload exceeds the maximum allowed size: CSV files are limited to ${MAX_UPLOAD_BYTES} bytes (100 MB).`, true);
    }
    return s3Error(reply, 400, 'IncompleteBody', 'The upload was interrupted before the whole body arrived.', true);
  }
  const now = deps.now();
  const stored = await deps.store.imports.updateImportJob(jobId, { uploadedAt: now, uploadedBytes: meter.bytes, updatedAt: now }, { from: ['Created'] });
  if (!stored) {
    rmSync(part, { force: true });
    return s3Error(reply, 403, 'AccessDenied', 'The import job was started while the file was uploading: its CSV file can no longer be replaced.');
  }
  renameSync(part, path);
  const sse = req.headers['x-amz-server-side-encryption'];
  if (typeof sse === 'string') reply.header('x-amz-server-side-encryption', sse);
  return reply.code(200).header('etag', `"${meter.md5.digest('hex')}"`).send('');
}

async function readLog(deps: Deps, req: FastifyRequest<{ Params: JobParams }>, reply: FastifyReply): Promise<FastifyReply> {
  if (deps.config.signatureMode === 'verify') {
    try {
      verifySigV4({ method: req.method, rawUrl: req.raw.url ?? '/', headers: req.headers, body: Buffer.alloc(0) }, (akid) => deps.config.accessKeys[akid], new Date(deps.now()));
    } catch (err) {
      const type = err instanceof CognitoError ? err.type : 'MissingAuthenticationTokenException';
      const message = err instanceof CognitoError ? err.message : 'Missing Authentication Token';
      return reply.code(403).header('x-amzn-errortype', type).send({ __type: type, message });
    }
  }
  const job = await deps.store.imports.findImportJob(req.params.jobId);
  if (!job) return reply.code(404).send({ __type: 'ResourceNotFoundException', message: `User import job ${req.params.jobId} does not exist.` });
  const query = req.query as Record<string, string | undefined>;
  const after = Math.max(0, Number.parseInt(query['after'] ?? '0', 10) || 0);
  const limit = Math.min(10_000, Math.max(1, Number.parseInt(query['limit'] ?? '1000', 10) || 1000));
  const events = await deps.store.imports.listImportLog(job.jobId, after, limit);
  const last = events[events.length - 1];
  if (query['format'] === 'text') {
    const text = events.map((e) => `[${e.outcome}] Line Number ${e.lineNumber} - ${e.message}\n`).join('');
    return reply.code(200).header('content-type', 'text/plain; charset=utf-8').send(text);
  }
  return reply.code(200).send({
    JobId: job.jobId,
    UserPoolId: job.poolId,
    Status: job.status,
    ImportedUsers: job.importedUsers,
    SkippedUsers: job.skippedUsers,
    FailedUsers: job.failedUsers,
    ...(job.completionMessage !== null ? { CompletionMessage: job.completionMessage } : {}),
    Events: events.map((e) => ({ LineNumber: e.lineNumber, Outcome: e.outcome, Message: e.message })),
    ...(events.length === limit && last ? { NextAfter: last.lineNumber } : {}),
  });
}

export function registerImportUpload(app: FastifyInstance, deps: Deps): void {
  const runner = importRunnerFor(deps, app.log);
  void app.register(async (scope) => {
    // Hand the request stream through untouched: the upload handler streams it to disk.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
    scope.put<{ Params: JobParams }>('/_userpool/import/:jobId', { bodyLimit: MAX_UPLOAD_BYTES + 1 }, (req, reply) => upload(deps, req, reply));
  });
  app.get<{ Params: JobParams }>('/_userpool/import/:jobId/log', (req, reply) => readLog(deps, req, reply));
  app.addHook('onClose', async () => {
    await runner.shutdown();
  });
}
