import type { RequestContext } from '../context.ts';
import { CognitoError } from '../errors.ts';
import { requirePool } from '../pools/require-pool.ts';
import { secretEntriesOf } from '../pool-settings/client-secrets.ts';
import { noSuchClient } from './require-client.ts';

/** DeleteUserPoolClientSecret: deletes one secret of an app client; its last remaining secret cannot be deleted. */
export async function deleteClientSecret(ctx: RequestContext, poolId: string, clientId: string, secretId: string): Promise<void> {
  const pool = await requirePool(ctx.deps.store, poolId);
  await ctx.deps.store.transaction(async (tx) => {
    const client = await tx.clients.findClientForUpdate(pool.id, clientId);
    if (!client) throw noSuchClient(clientId);
    const entries = secretEntriesOf(client);
    const rest = entries.filter((e) => e.id !== secretId);
    if (rest.length === entries.length) throw new CognitoError('ResourceNotFoundException', `Client secret ${secretId} does not exist.`);
    if (rest.length === 0) throw new CognitoError('InvalidParameterException', 'The last remaining client secret of an app client cannot be deleted.');
    await tx.clients.setClientSecrets(pool.id, client.id, rest[0]!.sealed, rest);
  });
}
