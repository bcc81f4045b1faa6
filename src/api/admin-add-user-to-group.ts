import type { Handler } from './context.ts';
import { addUserToGroup } from '../domain/groups/membership.ts';

export const adminAddUserToGroup: Handler<'AdminAddUserToGroup'> = async (input, ctx) => {
  await addUserToGroup(ctx, input.UserPoolId, input.GroupName, input.Username);
  return {};
};
