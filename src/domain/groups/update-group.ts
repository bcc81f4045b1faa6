import type { RequestContext } from '../context.ts';
import { requirePool } from '../pools/require-pool.ts';
import { requireGroup } from './group.ts';
import type { UpdateGroupRequest } from '../../generated/shapes.ts';
import type { GroupRecord } from '../../storage/ports/index.ts';

/** UpdateGroup: only the members given change (AWS's documented example omits RoleArn and keeps it). */
export async function updateGroup(ctx: RequestContext, input: UpdateGroupRequest): Promise<GroupRecord> {
  const pool = await requirePool(ctx.deps.store, input.UserPoolId);
  return ctx.deps.store.transaction(async (tx) => {
    const current = await requireGroup(tx, pool.id, input.GroupName);
    const updated: GroupRecord = {
      ...current,
      description: input.Description !== undefined ? input.Description : current.description,
      roleArn: input.RoleArn !== undefined ? input.RoleArn : current.roleArn,
      precedence: input.Precedence !== undefined ? input.Precedence : current.precedence,
      updatedAt: ctx.deps.now(),
    };
    await tx.groups.updateGroup(updated);
    return updated;
  });
}
