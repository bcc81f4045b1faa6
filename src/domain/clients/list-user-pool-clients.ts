import type { Deps } from '../context.ts';
import { page, singleValueCursor, type Page } from '../paging.ts';
import type { ClientRecord } from '../../storage/ports/index.ts';

/** ListUserPoolClients: `MaxResults` 1–60 (absent ⇒ 60). */
export const MAX_CLIENT_PAGE = 60;

const ID_CURSOR = singleValueCursor('k', 'string');

/** ListUserPoolClients: the pool's app clients; keyset paging on the client id. */
export function listUserPoolClients(deps: Deps, poolId: string, maxResults: number | undefined, token: string | undefined): Promise<Page<ClientRecord>> {
  return page(deps, {
    scope: `ListUserPoolClients:${poolId}`,
    token,
    limit: maxResults ?? MAX_CLIENT_PAGE,
    codec: ID_CURSOR,
    fetch: (after, size) => deps.store.clients.listClients(poolId, after, size),
    cursorOf: (client) => client.id,
  });
}
