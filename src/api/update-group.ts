import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { requireGroup, toGroupType } from './groups-common.ts';
import type { GroupRecord } from '../storage/ports/index.ts';

/** Only the members given change (AWS's documented example omits RoleArn and keeps it). */
export const updateGroup: Handler<'UpdateGroup'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
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
    return { Group: toGroupType(updated) };
  });
};
