import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { CognitoError } from '../domain/errors.ts';

/** Memberships go with the group (foreign key ON DELETE CASCADE). */
export const deleteGroup: Handler<'DeleteGroup'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  if (!(await ctx.deps.store.groups.deleteGroup(pool.id, input.GroupName))) throw new CognitoError('ResourceNotFoundException', 'Group not found.');
  return {};
};
