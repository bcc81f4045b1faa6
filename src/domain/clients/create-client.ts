import type { RequestContext } from '../context.ts';
import { CognitoError } from '../errors.ts';
import { requirePool } from '../pools/require-pool.ts';
import { clientConfigFrom, generateClientSecret, newClientId, sealClientSecret } from './client-config.ts';
import { clientValidationContext } from './validation-context.ts';
import type { ClientWithSecret } from './describe-client.ts';
import type { CreateUserPoolClientRequest } from '../../generated/shapes.ts';
import { UniqueViolation, type ClientRecord } from '../../storage/ports/index.ts';

/**
 * CreateUserPoolClient: with GenerateSecret (or a given ClientSecret) the client is confidential and
 * its secret is stored sealed. A seed file names the client's id itself (`fixedId`): taken is then an error.
 */
export async function createClient(ctx: RequestContext, input: CreateUserPoolClientRequest, fixedId?: string): Promise<ClientWithSecret> {
  const { UserPoolId, ClientName, GenerateSecret, ClientSecret, ...settings } = input;
  const { store, masterKey } = ctx.deps;
  const pool = await requirePool(store, UserPoolId);
  if (ClientSecret !== undefined && GenerateSecret === false) {
    throw new CognitoError('InvalidParameterException', 'ClientSecret can only be set for an app client that has a client secret (GenerateSecret must not be false).');
  }
  const secret = ClientSecret ?? (GenerateSecret === true ? generateClientSecret() : undefined);
  const config = clientConfigFrom(settings, await clientValidationContext(store, pool, 'create', secret !== undefined));
  const t = ctx.deps.now();
  for (;;) {
    const id = fixedId ?? newClientId();
    const client: ClientRecord = {
      id,
      poolId: pool.id,
      name: ClientName,
      secretSealed: secret === undefined ? null : sealClientSecret(masterKey, id, secret),
      config: config as unknown as Record<string, unknown>,
      createdAt: t,
      updatedAt: t,
    };
    try {
      await store.clients.insertClient(client);
    } catch (err) {
      if (err instanceof UniqueViolation && err.rule === 'client' && fixedId === undefined) continue; // 36^26 ids: a collision is astronomically rare
      throw err;
    }
    return { client, secret };
  }
}
