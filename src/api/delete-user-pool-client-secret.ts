import type { Handler } from './context.ts';
import { deleteClientSecret } from '../domain/clients/delete-client-secret.ts';

export const deleteUserPoolClientSecret: Handler<'DeleteUserPoolClientSecret'> = async (input, ctx) => {
  await deleteClientSecret(ctx, input.UserPoolId, input.ClientId, input.ClientSecretId);
  return {};
};
