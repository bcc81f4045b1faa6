import type { RequestContext } from '../context.ts';
import { requirePool } from '../pools/require-pool.ts';
import { clientConfigFrom, clientSecretOf } from './client-config.ts';
import type { ClientWithSecret } from './describe-client.ts';
import { requireClient } from './require-client.ts';
import { clientValidationContext } from './validation-context.ts';
import type { UpdateUserPoolClientRequest } from '../../generated/shapes.ts';

/**
 * UpdateUserPoolClient: replaces the client's settings (omitted members revert to their
 * defaults, as AWS does). The name is kept when omitted and the secret is never changed here.
 */
export async function updateClient(ctx: RequestContext, input: UpdateUserPoolClientRequest): Promise<ClientWithSecret> {
  const { UserPoolId, ClientId, ClientName, ...settings } = input;
  const { store } = ctx.deps;
  const pool = await requirePool(store, UserPoolId);
  const existing = await requireClient(store, UserPoolId, ClientId);
  const config = clientConfigFrom(settings, await clientValidationContext(store, pool, 'update', existing.secretSealed !== null));
  const client = {
    ...existing,
    name: ClientName ?? existing.name,
    config: config as unknown as Record<string, unknown>,
    updatedAt: Math.max(ctx.deps.now(), existing.updatedAt),
  };
  await store.clients.updateClient(client);
  return { client, secret: clientSecretOf(client, ctx.deps.masterKey) };
}
