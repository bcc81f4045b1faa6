import type { RequestContext } from '../domain/context.ts';
import type { ClientValidationContext } from '../domain/clients/client-config.ts';
import { poolConfigOf } from '../domain/pools/pool-config.ts';
import type { PoolRecord } from '../storage/ports/index.ts';
import { customScopesOf } from '../domain/resource-servers/resource-servers.ts';

/**
 * What client validation needs from the pool: its resource servers' `<identifier>/<scope>`
 * strings (custom scopes) and the names of its identity providers (SupportedIdentityProviders
 * may name them besides `COGNITO`).
 */
export async function clientValidationContext(
  ctx: RequestContext,
  pool: PoolRecord,
  operation: 'create' | 'update',
  hasSecret: boolean,
): Promise<ClientValidationContext> {
  const config = poolConfigOf(pool);
  return {
    operation,
    poolId: pool.id,
    schema: config.SchemaAttributes,
    poolTier: config.UserPoolTier,
    hasSecret,
    identityProviders: new Set<string>(await ctx.deps.store.federation.listIdentityProviderNames(pool.id)),
    resourceServerScopes: await customScopesOf(ctx.deps.store, pool.id),
  };
}
