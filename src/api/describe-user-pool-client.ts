import type { Handler } from './context.ts';
import { toUserPoolClientType } from '../domain/clients/client-config.ts';
import { describeClient } from '../domain/clients/describe-client.ts';

export const describeUserPoolClient: Handler<'DescribeUserPoolClient'> = async (input, ctx) => {
  const { client, secret } = await describeClient(ctx, input.UserPoolId, input.ClientId);
  return { UserPoolClient: toUserPoolClientType(client, secret) };
};
