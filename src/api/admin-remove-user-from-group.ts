import type { Handler } from './context.ts';
import { removeUserFromGroup } from '../domain/groups/membership.ts';

export const adminRemoveUserFromGroup: Handler<'AdminRemoveUserFromGroup'> = async (input, ctx) => {
  await removeUserFromGroup(ctx, input.UserPoolId, input.GroupName, input.Username);
  return {};
};
