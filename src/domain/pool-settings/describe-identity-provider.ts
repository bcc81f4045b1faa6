import type { RequestContext } from '../context.ts';
import { CognitoError } from '../errors.ts';
import { requirePool } from '../pools/require-pool.ts';
import { noSuchProvider } from './identity-providers.ts';
import type { IdentityProviderRecord, PoolRecord, Store } from '../../storage/ports/index.ts';

/** The pool's identity provider, or `ResourceNotFoundException: Identity provider <name> does not exist.` */
export async function requireProvider(store: Store, pool: PoolRecord, name: string): Promise<IdentityProviderRecord> {
  const provider = await store.federation.findIdentityProvider(pool.id, name);
  if (!provider) throw noSuchProvider(name);
  return provider;
}

/** DescribeIdentityProvider. */
export async function describeIdentityProvider(ctx: RequestContext, poolId: string, name: string): Promise<IdentityProviderRecord> {
  const pool = await requirePool(ctx.deps.store, poolId);
  return requireProvider(ctx.deps.store, pool, name);
}

/** GetIdentityProviderByIdentifier. */
export async function identityProviderByIdentifier(ctx: RequestContext, poolId: string, identifier: string): Promise<IdentityProviderRecord> {
  const pool = await requirePool(ctx.deps.store, poolId);
  const provider = await ctx.deps.store.federation.findIdentityProviderByIdentifier(pool.id, identifier);
  if (!provider) throw new CognitoError('ResourceNotFoundException', `No identity provider of user pool ${pool.id} has the IdpIdentifier ${identifier}.`);
  return provider;
}
