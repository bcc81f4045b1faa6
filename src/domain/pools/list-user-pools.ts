import type { Deps } from '../context.ts';
import { page, singleValueCursor, type Page } from '../paging.ts';
import type { PoolRecord } from '../../storage/ports/index.ts';

const ID_CURSOR = singleValueCursor('k', 'string');

/** ListUserPools: the pools of a region in id order; keyset paging (MaxResults 1–60, required by the model). */
export function listUserPools(deps: Deps, region: string, maxResults: number, token: string | undefined): Promise<Page<PoolRecord>> {
  return page(deps, {
    scope: `ListUserPools:${region}`,
    token,
    limit: maxResults,
    codec: ID_CURSOR,
    fetch: (after, size) => deps.store.pools.listPoolsInRegion(region, after, size),
    cursorOf: (pool) => pool.id,
  });
}
