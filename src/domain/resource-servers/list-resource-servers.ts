import type { Deps } from '../context.ts';
import { page, singleValueCursor, type Page } from '../paging.ts';
import type { ResourceServerRecord } from '../../storage/ports/index.ts';

/** ListResourceServers: `MaxResults` 1–50 (absent ⇒ 50). */
const MAX_RESOURCE_SERVER_PAGE = 50;

const IDENTIFIER_CURSOR = singleValueCursor('k', 'string');

/** ListResourceServers: the pool's resource servers in identifier order; keyset paging on the identifier. */
export function listResourceServers(deps: Deps, poolId: string, maxResults: number | undefined, token: string | undefined): Promise<Page<ResourceServerRecord>> {
  return page(deps, {
    scope: `ListResourceServers:${poolId}`,
    token,
    limit: maxResults ?? MAX_RESOURCE_SERVER_PAGE,
    codec: IDENTIFIER_CURSOR,
    fetch: (after, size) => deps.store.oauth.listResourceServers(poolId, after, size),
    cursorOf: (server) => server.identifier,
  });
}
