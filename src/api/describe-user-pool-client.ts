import type { Handler } from './context.ts';
import { requireClient, requirePool } from './lookups.ts';
import { clientSecretOf, toUserPoolClientType } from '../domain/clients/client-config.ts';

export const describeUserPoolClient: Handler<'DescribeUserPoolClient'> = async (input, ctx) => {
  await requirePool(ctx, input.UserPoolId);
  const client = await requireClient(ctx, input.UserPoolId, input.ClientId);
  return { UserPoolClient: toUserPoolClientType(client, clientSecretOf(client, ctx.deps.masterKey)) };
};
