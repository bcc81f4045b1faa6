import type { RequestContext } from '../context.ts';
import { CognitoError } from '../errors.ts';
import { safeEqual } from '../crypto/sealed.ts';
import { requirePool } from '../pools/require-pool.ts';
import { MAX_CLIENT_SECRETS, newSecretTime, secretEntriesOf, secretIdOf, toDescriptor } from '../pool-settings/client-secrets.ts';
import { clientSecretsOf, generateClientSecret, sealClientSecret } from './client-config.ts';
import { noSuchClient } from './require-client.ts';
import type { ClientSecretDescriptorType } from '../../generated/shapes.ts';
import type { ClientSecretEntry } from '../../storage/ports/index.ts';

/**
 * AddUserPoolClientSecret: adds a secret to a confidential app client (at most two at a time, for
 * rotation). The value is returned only when this server generated it, as on AWS; it is stored sealed.
 */
export async function addClientSecret(ctx: RequestContext, poolId: string, clientId: string, given: string | undefined): Promise<ClientSecretDescriptorType> {
  const { store, masterKey } = ctx.deps;
  const pool = await requirePool(store, poolId);
  const secret = given ?? generateClientSecret();
  const entry = await store.transaction(async (tx) => {
    const client = await tx.clients.findClientForUpdate(pool.id, clientId);
    if (!client) throw noSuchClient(clientId);
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
  return toDescriptor(entry, given === undefined ? secret : undefined);
}
