import type { RequestContext } from '../context.ts';
import { CognitoError } from '../errors.ts';
import { requirePool } from '../pools/require-pool.ts';

/** DeleteGroup: memberships go with the group (foreign key ON DELETE CASCADE). */
export async function deleteGroup(ctx: RequestContext, poolId: string, name: string): Promise<void> {
  const pool = await requirePool(ctx.deps.store, poolId);
  if (!(await ctx.deps.store.groups.deleteGroup(pool.id, name))) throw new CognitoError('ResourceNotFoundException', 'Group not found.');
}
