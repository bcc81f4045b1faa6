import type { RequestContext } from '../context.ts';
import { requirePool } from '../pools/require-pool.ts';
import { clientSecretOf } from './client-config.ts';
import { requireClient } from './require-client.ts';
import type { ClientRecord } from '../../storage/ports/index.ts';

/** An app client with its (first) secret in plain text, as the client operations answer it. */
export interface ClientWithSecret {
  client: ClientRecord;
  secret: string | undefined;
}

/** DescribeUserPoolClient. */
export async function describeClient(ctx: RequestContext, poolId: string, clientId: string): Promise<ClientWithSecret> {
  await requirePool(ctx.deps.store, poolId);
  const client = await requireClient(ctx.deps.store, poolId, clientId);
  return { client, secret: clientSecretOf(client, ctx.deps.masterKey) };
}
