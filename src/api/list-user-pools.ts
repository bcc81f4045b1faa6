import type { Handler } from './context.ts';
import type { UserPoolDescriptionType } from '../generated/shapes.ts';
import { poolConfigOf } from '../domain/pools/pool-config.ts';
import { listUserPools as listPoolsOfRegion } from '../domain/pools/list-user-pools.ts';

/** ListUserPools: the pools of the request's region in id order, MaxResults at a time. */
export const listUserPools: Handler<'ListUserPools'> = async (input, ctx) => {
  const pools = await listPoolsOfRegion(ctx.deps, ctx.region, input.MaxResults, input.NextToken);
  return {
    UserPools: pools.items.map((p): UserPoolDescriptionType => ({
      Id: p.id,
      Name: p.name,
      LambdaConfig: poolConfigOf(p).LambdaConfig ?? {},
      LastModifiedDate: p.updatedAt / 1000,
      CreationDate: p.createdAt / 1000,
    })),
    ...(pools.nextToken !== undefined ? { NextToken: pools.nextToken } : {}),
  };
};
