import type { Handler } from './context.ts';
import { deletePool } from '../domain/pools/delete-pool.ts';

export const deleteUserPool: Handler<'DeleteUserPool'> = async (input, ctx) => {
  await deletePool(ctx, input.UserPoolId);
  return {};
};
