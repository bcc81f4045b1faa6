import type { Handler } from './context.ts';
import { deleteClient } from '../domain/clients/delete-client.ts';

export const deleteUserPoolClient: Handler<'DeleteUserPoolClient'> = async (input, ctx) => {
  await deleteClient(ctx, input.UserPoolId, input.ClientId);
  return {};
};
