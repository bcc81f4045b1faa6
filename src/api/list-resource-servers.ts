import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { toResourceServerType } from '../domain/resource-servers/resource-servers.ts';
import { listResourceServers as listServersOfPool } from '../domain/resource-servers/list-resource-servers.ts';

/** ListResourceServers: the pool's resource servers in identifier order, MaxResults (absent ⇒ 50) at a time. */
export const listResourceServers: Handler<'ListResourceServers'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const servers = await listServersOfPool(ctx.deps, pool.id, input.MaxResults, input.NextToken);
  return { ResourceServers: servers.items.map(toResourceServerType), ...(servers.nextToken !== undefined ? { NextToken: servers.nextToken } : {}) };
};
