import type { Handler } from './context.ts';
import { requireClient, requirePool } from './lookups.ts';
import { clientValidationContext } from './clients-common.ts';
import { clientConfigFrom, clientSecretOf, toUserPoolClientType } from '../domain/clients/client-config.ts';

/**
 * Replaces the client's settings: omitted members revert to their defaults, as AWS does. The
 * name is kept when omitted and the secret is never changed here.
 */
export const updateUserPoolClient: Handler<'UpdateUserPoolClient'> = async (input, ctx) => {
  const { UserPoolId, ClientId, ClientName, ...settings } = input;
  const pool = await requirePool(ctx, UserPoolId);
  const existing = await requireClient(ctx, UserPoolId, ClientId);
  const config = clientConfigFrom(settings, await clientValidationContext(ctx, pool, 'update', existing.secretSealed !== null));
  const client = {
    ...existing,
    name: ClientName ?? existing.name,
    config: config as unknown as Record<string, unknown>,
    updatedAt: Math.max(ctx.deps.now(), existing.updatedAt),
  };
  await ctx.deps.store.clients.updateClient(client);
  return { UserPoolClient: toUserPoolClientType(client, clientSecretOf(client, ctx.deps.masterKey)) };
};
