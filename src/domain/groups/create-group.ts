import type { RequestContext } from '../context.ts';
import { CognitoError } from '../errors.ts';
import { requirePool } from '../pools/require-pool.ts';
import type { CreateGroupRequest } from '../../generated/shapes.ts';
import { UniqueViolation, type GroupRecord } from '../../storage/ports/index.ts';

/** CreateGroup: a group name is unique in its pool. */
export async function createGroup(ctx: RequestContext, input: CreateGroupRequest): Promise<GroupRecord> {
  const pool = await requirePool(ctx.deps.store, input.UserPoolId);
  const t = ctx.deps.now();
  const group: GroupRecord = {
    poolId: pool.id,
    name: input.GroupName,
    description: input.Description ?? null,
    roleArn: input.RoleArn ?? null,
    precedence: input.Precedence ?? null,
    createdAt: t,
    updatedAt: t,
  };
  try {
    await ctx.deps.store.groups.insertGroup(group);
  } catch (err) {
    if (err instanceof UniqueViolation && err.rule === 'group') {
      throw new CognitoError('GroupExistsException', `A group with the name ${input.GroupName} already exists.`);
    }
    throw err;
  }
  return group;
}
