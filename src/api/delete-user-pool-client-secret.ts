import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { CognitoError } from '../domain/errors.ts';
import { secretEntriesOf } from '../domain/pool-settings/client-secrets.ts';

/** Deletes one secret of an app client; its last remaining secret cannot be deleted. */
export const deleteUserPoolClientSecret: Handler<'DeleteUserPoolClientSecret'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  await ctx.deps.store.transaction(async (tx) => {
    const client = await tx.clients.findClientForUpdate(pool.id, input.ClientId);
    if (!client) throw new CognitoError('ResourceNotFoundException', `User pool client ${input.ClientId} does not exist.`);
    const entries = secretEntriesOf(client);
    const rest = entries.filter((e) => e.id !== input.ClientSecretId);
    if (rest.length === entries.length) throw new CognitoError('ResourceNotFoundException', `Client secret ${input.ClientSecretId} does not exist.`);
    if (rest.length === 0) throw new CognitoError('InvalidParameterException', 'The last remaining client secret of an app client cannot be deleted.');
    await tx.clients.setClientSecrets(pool.id, client.id, rest[0]!.sealed, rest);
  });
  return {};
};
