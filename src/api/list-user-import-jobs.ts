import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { expireIfDue, jobView } from './import-common.ts';
import { decodePageToken, encodePageToken, INVALID_PAGE_TOKEN_MESSAGE } from '../domain/paging.ts';
import { CognitoError } from '../domain/errors.ts';

/** The pool's jobs, newest first (as AWS lists them); MaxResults (1–60) is required; keyset paging. */
export const listUserImportJobs: Handler<'ListUserImportJobs'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const scope = `ListUserImportJobs:${pool.id}`;
  let after: { createdAt: number; jobId: string } | undefined;
  if (input.PaginationToken !== undefined) {
    const c = decodePageToken(ctx.deps.tokenKey, scope, input.PaginationToken, ctx.deps.now());
    if (typeof c['t'] !== 'number' || typeof c['j'] !== 'string') throw new CognitoError('InvalidParameterException', INVALID_PAGE_TOKEN_MESSAGE);
    after = { createdAt: c['t'], jobId: c['j'] };
  }
  const limit = input.MaxResults;
  const rows = await ctx.deps.store.imports.listImportJobs(pool.id, after, limit + 1);
  const page = await Promise.all(rows.slice(0, limit).map((j) => expireIfDue(ctx, j)));
  const last = page[page.length - 1];
  return {
    UserImportJobs: page.map((j) => jobView(ctx, j)),
    ...(rows.length > limit && last ? { PaginationToken: encodePageToken(ctx.deps.tokenKey, scope, { t: last.createdAt, j: last.jobId }, ctx.deps.now()) } : {}),
  };
};
