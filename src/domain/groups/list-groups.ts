/** ListGroups and AdminListGroupsForUser: groups in name order, keyset paging on the name. */
import type { Deps } from '../context.ts';
import { page, pageLimit, singleValueCursor, type Page } from '../paging.ts';
import type { GroupRecord } from '../../storage/ports/index.ts';

/** ListGroups, AdminListGroupsForUser and ListUsersInGroup: `Limit` 0–60, absent or 0 ⇒ 60. */
export const MAX_GROUP_PAGE = 60;

const NAME_CURSOR = singleValueCursor('n', 'string');

/** ListGroups: the pool's groups. */
export function listGroups(deps: Deps, poolId: string, limit: number | undefined, token: string | undefined): Promise<Page<GroupRecord>> {
  return page(deps, {
    scope: `ListGroups:${poolId}`,
    token,
    limit: pageLimit(limit, MAX_GROUP_PAGE),
    codec: NAME_CURSOR,
    fetch: (after, size) => deps.store.groups.listGroups(poolId, after, size),
    cursorOf: (group) => group.name,
  });
}

/** AdminListGroupsForUser: the groups the user is a member of. */
export function listGroupsOfUser(deps: Deps, poolId: string, userSub: string, limit: number | undefined, token: string | undefined): Promise<Page<GroupRecord>> {
  return page(deps, {
    scope: `AdminListGroupsForUser:${poolId}:${userSub}`,
    token,
    limit: pageLimit(limit, MAX_GROUP_PAGE),
    codec: NAME_CURSOR,
    fetch: (after, size) => deps.store.groups.listGroupsOfUser(poolId, userSub, after, size),
    cursorOf: (group) => group.name,
  });
}
