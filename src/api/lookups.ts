import type { RequestContext } from '../domain/context.ts';
import { requirePool as requirePoolIn } from '../domain/pools/require-pool.ts';
import { requireClient as requireClientIn } from '../domain/clients/require-client.ts';
import type { ClientRecord, PoolRecord } from '../storage/ports/index.ts';

/** The request's pool, or AWS's `ResourceNotFoundException` (domain/pools/require-pool.ts). */
export const requirePool = (ctx: RequestContext, poolId: string): Promise<PoolRecord> => requirePoolIn(ctx.deps.store, poolId);

/** The request's app client, or AWS's `ResourceNotFoundException` (domain/clients/require-client.ts). */
export const requireClient = (ctx: RequestContext, poolId: string, clientId: string): Promise<ClientRecord> => requireClientIn(ctx.deps.store, poolId, clientId);
