import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { CognitoError } from '../domain/errors.ts';
import { clientSecretsOf, generateClientSecret, sealClientSecret } from '../domain/clients/client-config.ts';
import { MAX_CLIENT_SECRETS, newSecretTime, secretEntriesOf, secretIdOf, toDescriptor } from '../domain/pool-settings/client-secrets.ts';
import { safeEqual } from '../domain/crypto/sealed.ts';
import type { ClientSecretEntry } from '../storage/ports/index.ts';

/**
 * Adds a secret to a confidential app client (at most two at a time, for rotation). The value is
 * returned only when this server generated it, as on AWS; it is stored sealed.
 */
export const addUserPoolClientSecret: Handler<'AddUserPoolClientSecret'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const { masterKey } = ctx.deps;
  const secret = input.ClientSecret ?? generateClientSecret();
  const entry = await ctx.deps.store.transaction(async (tx) => {
    const client = await tx.clients.findClientForUpdate(pool.id, input.ClientId);
    if (!client) throw new CognitoError('ResourceNotFoundException', `User pool client ${input.ClientId} does not exist.`);
    const entries = secretEntriesOf(client);
    if (entries.length === 0) {
      throw new CognitoError('InvalidParameterException', `User pool client ${client.id} has no client secret: secrets can be added only to a confidential app client (created with GenerateSecret).`);
    }
    if (entries.length >= MAX_CLIENT_SECRETS) {
      throw new CognitoError('LimitExceededException', `User pool client ${client.id} already has ${MAX_CLIENT_SECRETS} client secrets; delete one before adding another.`);
    }
    if (clientSecretsOf(client, masterKey).some((s) => safeEqual(s, secret))) throw new CognitoError('InvalidParameterException', 'The client secret is already a secret of this app client.');
    const createdAt = newSecretTime(entries, ctx.deps.now());
    const added: ClientSecretEntry = { id: secretIdOf(client.id, createdAt), sealed: sealClientSecret(masterKey, client.id, secret), createdAt };
    const all = [...entries, added];
    await tx.clients.setClientSecrets(pool.id, client.id, all[0]!.sealed, all);
    return added;
  });
  return { ClientSecretDescriptor: toDescriptor(entry, input.ClientSecret === undefined ? secret : undefined) };
};
