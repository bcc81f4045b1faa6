import type { Handler } from './context.ts';
import { toUserPoolClientType } from '../domain/clients/client-config.ts';
import { updateClient } from '../domain/clients/update-client.ts';

export const updateUserPoolClient: Handler<'UpdateUserPoolClient'> = async (input, ctx) => {
  const { client, secret } = await updateClient(ctx, input);
  return { UserPoolClient: toUserPoolClientType(client, secret) };
};
