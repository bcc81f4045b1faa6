import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { makeCursor, readCursor } from './pools-common.ts';
import { toProviderDescription } from '../domain/pool-settings/identity-providers.ts';

/** ListIdentityProviders: `MaxResults` 1–60 (absent or 0 ⇒ 60), keyset paging on the provider name. */
export const MAX_PROVIDER_PAGE = 60;

export const listIdentityProviders: Handler<'ListIdentityProviders'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const scope = `ListIdentityProviders:${pool.id}`;
  const after = input.NextToken !== undefined ? readCursor(ctx, scope, input.NextToken) : undefined;
  const limit = input.MaxResults === undefined || input.MaxResults === 0 ? MAX_PROVIDER_PAGE : input.MaxResults;
  const rows = await ctx.deps.store.federation.listIdentityProviders(pool.id, after, limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    Providers: page.map(toProviderDescription),
    ...(rows.length > limit && last ? { NextToken: makeCursor(ctx, scope, last.name) } : {}),
  };
};
