import type { Handler } from './context.ts';
import { deleteGroup as remove } from '../domain/groups/delete-group.ts';

export const deleteGroup: Handler<'DeleteGroup'> = async (input, ctx) => {
  await remove(ctx, input.UserPoolId, input.GroupName);
  return {};
};
