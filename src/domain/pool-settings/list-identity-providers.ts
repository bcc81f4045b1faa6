import type { Deps } from '../context.ts';
import { page, pageLimit, singleValueCursor, type Page } from '../paging.ts';
import type { IdentityProviderRecord } from '../../storage/ports/index.ts';

/** ListIdentityProviders: `MaxResults` 1–60 (absent or 0 ⇒ 60). */
export const MAX_PROVIDER_PAGE = 60;

const NAME_CURSOR = singleValueCursor('k', 'string');

/** ListIdentityProviders: the pool's identity providers; keyset paging on the provider name. */
export function listIdentityProviders(deps: Deps, poolId: string, maxResults: number | undefined, token: string | undefined): Promise<Page<IdentityProviderRecord>> {
  return page(deps, {
    scope: `ListIdentityProviders:${poolId}`,
    token,
    limit: pageLimit(maxResults, MAX_PROVIDER_PAGE),
    codec: NAME_CURSOR,
    fetch: (after, size) => deps.store.federation.listIdentityProviders(poolId, after, size),
    cursorOf: (provider) => provider.name,
  });
}
