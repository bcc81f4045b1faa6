import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { requireResourceServer, toResourceServerType } from '../domain/resource-servers/resource-servers.ts';

export const describeResourceServer: Handler<'DescribeResourceServer'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  return { ResourceServer: toResourceServerType(await requireResourceServer(ctx, pool.id, input.Identifier)) };
};
