import type { RequestContext } from './context.ts';
import type { ClientValidationContext } from '../domain/clients/client-config.ts';
import { poolConfigOf } from '../domain/pools/pool-config.ts';
import type { PoolRecord } from '../storage/ports.ts';
import { customScopesOf } from './resource-servers-common.ts';

/**
 * What client validation needs from the pool: its resource servers' `<identifier>/<scope>`
 * strings (custom scopes). Identity providers are not stored by this server yet, so only
 * `COGNITO` exists.
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
    identityProviders: new Set<string>(),
    resourceServerScopes: await customScopesOf(ctx.deps.store, pool.id),
  };
}
