import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { invalidParameter, resourceNotFound } from '../http/protocol/errors.ts';
import { secretEntriesOf } from '../domain/pool-settings/client-secrets.ts';

/** Deletes one secret of an app client; its last remaining secret cannot be deleted. */
export const deleteUserPoolClientSecret: Handler<'DeleteUserPoolClientSecret'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  await ctx.deps.store.transaction(async (tx) => {
    const client = await tx.findClientForUpdate(pool.id, input.ClientId);
    if (!client) throw resourceNotFound(`User pool client ${input.ClientId} does not exist.`);
    const entries = secretEntriesOf(client);
    const rest = entries.filter((e) => e.id !== input.ClientSecretId);
    if (rest.length === entries.length) throw resourceNotFound(`Client secret ${input.ClientSecretId} does not exist.`);
    if (rest.length === 0) throw invalidParameter('The last remaining client secret of an app client cannot be deleted.');
    await tx.setClientSecrets(pool.id, client.id, rest[0]!.sealed, rest);
  });
  return {};
};
