import type { Deps } from '../context.ts';
import { page, pageLimit, singleValueCursor, type Page } from '../paging.ts';
import type { UserRecord } from '../../storage/ports/index.ts';
import { MAX_GROUP_PAGE } from './list-groups.ts';

const SEQ_CURSOR = singleValueCursor('s', 'number');

/** ListUsersInGroup: the members in user creation order; keyset paging on the user row number. */
export function listUsersInGroup(deps: Deps, poolId: string, groupName: string, limit: number | undefined, token: string | undefined): Promise<Page<UserRecord>> {
  return page(deps, {
    // Pool ids hold no ':', so the scope is unambiguous whatever the group name holds.
    scope: `ListUsersInGroup:${poolId}:${groupName}`,
    token,
    limit: pageLimit(limit, MAX_GROUP_PAGE),
    codec: SEQ_CURSOR,
    fetch: (after, size) => deps.store.groups.listUsersInGroup(poolId, groupName, after, size),
    cursorOf: (user) => user.seq,
  });
}
