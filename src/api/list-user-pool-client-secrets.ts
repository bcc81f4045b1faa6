import type { Handler } from './context.ts';
import { requireClient, requirePool } from './lookups.ts';
import { toDescriptor } from '../domain/pool-settings/client-secrets.ts';
import { listClientSecrets } from '../domain/pool-settings/list-client-secrets.ts';

/** ListUserPoolClientSecrets: the app client's secrets, without the values. */
export const listUserPoolClientSecrets: Handler<'ListUserPoolClientSecrets'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const client = await requireClient(ctx, pool.id, input.ClientId);
  return { ClientSecrets: listClientSecrets(client, input.NextToken).map((e) => toDescriptor(e)) };
};
