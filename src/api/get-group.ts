import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { requireGroup, toGroupType } from './groups-common.ts';

export const getGroup: Handler<'GetGroup'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  return { Group: toGroupType(await requireGroup(ctx.deps.store, pool.id, input.GroupName)) };
};
