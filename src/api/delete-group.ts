import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { resourceNotFound } from '../http/protocol/errors.ts';

/** Memberships go with the group (foreign key ON DELETE CASCADE). */
export const deleteGroup: Handler<'DeleteGroup'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  if (!(await ctx.deps.store.deleteGroup(pool.id, input.GroupName))) throw resourceNotFound('Group not found.');
  return {};
};
