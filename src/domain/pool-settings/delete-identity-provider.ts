import type { RequestContext } from '../context.ts';
import { requirePool } from '../pools/require-pool.ts';
import { noSuchProvider, refuseCognitoProvider } from './identity-providers.ts';

/** DeleteIdentityProvider: its IdpIdentifiers go with it; users already linked to it keep their `identities`. */
export async function deleteIdentityProvider(ctx: RequestContext, poolId: string, name: string): Promise<void> {
  const pool = await requirePool(ctx.deps.store, poolId);
  refuseCognitoProvider(name, 'deleted');
  if (!(await ctx.deps.store.federation.deleteIdentityProvider(pool.id, name))) {
    throw noSuchProvider(name);
  }
}
