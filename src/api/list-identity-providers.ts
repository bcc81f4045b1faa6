import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { toProviderDescription } from '../domain/pool-settings/identity-providers.ts';
import { listIdentityProviders as listProvidersOfPool } from '../domain/pool-settings/list-identity-providers.ts';

/** ListIdentityProviders: the pool's providers in name order, MaxResults (absent or 0 ⇒ 60) at a time. */
export const listIdentityProviders: Handler<'ListIdentityProviders'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const providers = await listProvidersOfPool(ctx.deps, pool.id, input.MaxResults, input.NextToken);
  return { Providers: providers.items.map(toProviderDescription), ...(providers.nextToken !== undefined ? { NextToken: providers.nextToken } : {}) };
};
