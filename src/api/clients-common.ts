import type { RequestContext } from './context.ts';
import type { ClientValidationContext } from '../domain/clients/client-config.ts';
import { poolConfigOf } from '../domain/pools/pool-config.ts';
import type { PoolRecord } from '../storage/ports.ts';

/**
 * What client validation needs from the pool. Identity providers and resource servers are not
 * stored by this server yet, so only `COGNITO` and the standard scopes exist; when they are,
 * their names and `<identifier>/<scope>` strings are read here.
 */
export async function clientValidationContext(
  _ctx: RequestContext,
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
    resourceServerScopes: new Set<string>(),
  };
}
