import type { RequestContext } from '../domain/context.ts';
import { CognitoError } from '../domain/errors.ts';
import type { ClientRecord, PoolRecord } from '../storage/ports/index.ts';

/** The pool, or AWS's `ResourceNotFoundException: User pool <id> does not exist.` */
export async function requirePool(ctx: RequestContext, poolId: string): Promise<PoolRecord> {
  const pool = await ctx.deps.store.pools.findPool(poolId);
  if (!pool) throw new CognitoError('ResourceNotFoundException', `User pool ${poolId} does not exist.`);
  return pool;
}

/** The app client of a pool, or `ResourceNotFoundException: User pool client <id> does not exist.` */
export async function requireClient(ctx: RequestContext, poolId: string, clientId: string): Promise<ClientRecord> {
  const client = await ctx.deps.store.clients.findClient(poolId, clientId);
  if (!client) throw new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);
  return client;
}
