import type { RequestContext } from '../domain/context.ts';
import { CognitoError } from '../domain/errors.ts';
import { INVALID_PAGE_TOKEN_MESSAGE, decodePageToken, encodePageToken } from '../domain/paging.ts';
import type { GroupType } from '../generated/shapes.ts';
import type { GroupRecord } from '../storage/ports/index.ts';
import type { Store } from '../storage/ports/index.ts';

/** ListGroups, AdminListGroupsForUser and ListUsersInGroup: `Limit` 0–60, absent or 0 ⇒ 60. */
export const MAX_GROUP_PAGE = 60;

export function pageSize(limit: number | undefined): number {
  return limit === undefined || limit === 0 ? MAX_GROUP_PAGE : limit;
}

/** The group, or AWS's `ResourceNotFoundException: Group not found.` */
export async function requireGroup(store: Store, poolId: string, name: string): Promise<GroupRecord> {
  const group = await store.groups.findGroup(poolId, name);
  if (!group) throw new CognitoError('ResourceNotFoundException', 'Group not found.');
  return group;
}

/** AWS GroupType: absent members omitted, dates in epoch seconds. */
export function toGroupType(g: GroupRecord): GroupType {
  const out: GroupType = { GroupName: g.name, UserPoolId: g.poolId };
  if (g.description !== null) out.Description = g.description;
  if (g.roleArn !== null) out.RoleArn = g.roleArn;
  if (g.precedence !== null) out.Precedence = g.precedence;
  out.LastModifiedDate = g.updatedAt / 1000;
  out.CreationDate = g.createdAt / 1000;
  return out;
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
