import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { toGroupType } from './groups-common.ts';
import { CognitoError } from '../domain/errors.ts';
import { UniqueViolation, type GroupRecord } from '../storage/ports/index.ts';

export const createGroup: Handler<'CreateGroup'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
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
  return { Group: toGroupType(group) };
};
