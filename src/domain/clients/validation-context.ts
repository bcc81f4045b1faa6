import type { ClientValidationContext } from './client-config.ts';
import { poolConfigOf } from '../pools/pool-config.ts';
import { customScopesOf } from '../resource-servers/resource-servers.ts';
import type { PoolRecord, Store } from '../../storage/ports/index.ts';

/**
 * What client validation needs from the pool: its resource servers' `<identifier>/<scope>`
 * strings (custom scopes) and the names of its identity providers (SupportedIdentityProviders
 * may name them besides `COGNITO`).
 */
export async function clientValidationContext(store: Store, pool: PoolRecord, operation: 'create' | 'update', hasSecret: boolean): Promise<ClientValidationContext> {
  const config = poolConfigOf(pool);
  return {
    operation,
    poolId: pool.id,
    schema: config.SchemaAttributes,
    poolTier: config.UserPoolTier,
    hasSecret,
    identityProviders: new Set<string>(await store.federation.listIdentityProviderNames(pool.id)),
    resourceServerScopes: await customScopesOf(store, pool.id),
  };
}
