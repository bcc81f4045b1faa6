import type { RequestContext } from '../domain/context.ts';
import { CognitoError } from '../domain/errors.ts';
import { INVALID_PAGE_TOKEN_MESSAGE, decodePageToken, encodePageToken } from '../domain/paging.ts';

// The pool use cases moved to src/domain/pools/; what stays is what the list handlers still
// import (their cursors go with the paging work, poolIdOfArn is re-exported for ListTagsForResource).
export { poolIdOfArn } from '../domain/pools/tags.ts';

/** The string cursor of a NextToken minted for `scope` (operation + pool/region); anything else is InvalidParameterException. */
export function readCursor(ctx: RequestContext, scope: string, token: string): string {
  const value = decodePageToken(ctx.deps.tokenKey, scope, token, ctx.deps.now())['k'];
  if (typeof value !== 'string') throw new CognitoError('InvalidParameterException', INVALID_PAGE_TOKEN_MESSAGE);
  return value;
}

export function makeCursor(ctx: RequestContext, scope: string, lastKey: string): string {
  return encodePageToken(ctx.deps.tokenKey, scope, { k: lastKey }, ctx.deps.now());
}
