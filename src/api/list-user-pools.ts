import type { Handler } from './context.ts';
import { makeCursor, readCursor } from './pools-common.ts';
import type { UserPoolDescriptionType } from '../generated/shapes.ts';
import { poolConfigOf } from '../domain/pools/pool-config.ts';

/** The pools of the request's region, in id order; keyset paging (MaxResults 1–60, required by the model). */
export const listUserPools: Handler<'ListUserPools'> = async (input, ctx) => {
  const scope = `ListUserPools:${ctx.region}`;
  const after = input.NextToken !== undefined ? readCursor(ctx, scope, input.NextToken) : undefined;
  const limit = input.MaxResults;
  const rows = await ctx.deps.store.pools.listPoolsInRegion(ctx.region, after, limit + 1);
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    UserPools: page.map((p): UserPoolDescriptionType => ({
      Id: p.id,
      Name: p.name,
      LambdaConfig: poolConfigOf(p).LambdaConfig ?? {},
      LastModifiedDate: p.updatedAt / 1000,
      CreationDate: p.createdAt / 1000,
    })),
    ...(rows.length > limit && last ? { NextToken: makeCursor(ctx, scope, last.id) } : {}),
  };
};
