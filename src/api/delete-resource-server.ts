import type { Handler } from './context.ts';
import { deleteResourceServer as remove } from '../domain/resource-servers/delete-resource-server.ts';

export const deleteResourceServer: Handler<'DeleteResourceServer'> = async (input, ctx) => {
  await remove(ctx, input.UserPoolId, input.Identifier);
  return {};
};
