import type { Handler } from './context.ts';
import { addClientSecret } from '../domain/clients/add-client-secret.ts';

export const addUserPoolClientSecret: Handler<'AddUserPoolClientSecret'> = async (input, ctx) => ({
  ClientSecretDescriptor: await addClientSecret(ctx, input.UserPoolId, input.ClientId, input.ClientSecret),
});
