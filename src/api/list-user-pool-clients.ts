import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { listUserPoolClients as listClientsOfPool } from '../domain/clients/list-user-pool-clients.ts';

/** ListUserPoolClients: the pool's app clients in id order, MaxResults (absent ⇒ 60) at a time. */
export const listUserPoolClients: Handler<'ListUserPoolClients'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const clients = await listClientsOfPool(ctx.deps, pool.id, input.MaxResults, input.NextToken);
  return {
    UserPoolClients: clients.items.map((c) => ({ ClientId: c.id, UserPoolId: c.poolId, ClientName: c.name })),
    ...(clients.nextToken !== undefined ? { NextToken: clients.nextToken } : {}),
  };
};
