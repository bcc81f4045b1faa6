import type { Handler } from './context.ts';
import { toUserPoolClientType } from '../domain/clients/client-config.ts';
import { createClient } from '../domain/clients/create-client.ts';

export const createUserPoolClient: Handler<'CreateUserPoolClient'> = async (input, ctx) => {
  const { client, secret } = await createClient(ctx, input);
  return { UserPoolClient: toUserPoolClientType(client, secret) };
};
