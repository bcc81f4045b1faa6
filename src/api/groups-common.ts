import type { RequestContext } from '../domain/context.ts';
import { CognitoError } from '../domain/errors.ts';
import { INVALID_PAGE_TOKEN_MESSAGE, decodePageToken, encodePageToken } from '../domain/paging.ts';

// The group use cases moved to src/domain/groups/; what stays is what the group list handlers
// still import (their page tokens go with the paging work).
export { requireGroup, toGroupType } from '../domain/groups/group.ts';

/** ListGroups, AdminListGroupsForUser and ListUsersInGroup: `Limit` 0–60, absent or 0 ⇒ 60. */
export const MAX_GROUP_PAGE = 60;

export function pageSize(limit: number | undefined): number {
  return limit === undefined || limit === 0 ? MAX_GROUP_PAGE : limit;
}

/** The cursor value `key` of a NextToken minted for `scope`; any bad token is InvalidParameterException. */
export function readPageToken<T extends 'string' | 'number'>(ctx: RequestContext, scope: string, token: string, key: string, type: T): T extends 'string' ? string : number {
  const value = decodePageToken(ctx.deps.tokenKey, scope, token, ctx.deps.now())[key];
  if (typeof value !== type) throw new CognitoError('InvalidParameterException', INVALID_PAGE_TOKEN_MESSAGE);
  return value as T extends 'string' ? string : number;
}

export function makePageToken(ctx: RequestContext, scope: string, key: string, value: string | number): string {
  return encodePageToken(ctx.deps.tokenKey, scope, { [key]: value }, ctx.deps.now());
}
