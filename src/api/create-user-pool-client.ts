import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { clientValidationContext } from './clients-common.ts';
import { CognitoError } from '../domain/errors.ts';
import { clientConfigFrom, generateClientSecret, newClientId, sealClientSecret, toUserPoolClientType } from '../domain/clients/client-config.ts';
import { UniqueViolation, type ClientRecord } from '../storage/ports/index.ts';

/** Creates an app client; with GenerateSecret (or a given ClientSecret) it is confidential and its secret is stored sealed. */
export const createUserPoolClient: Handler<'CreateUserPoolClient'> = async (input, ctx) => {
  const { UserPoolId, ClientName, GenerateSecret, ClientSecret, ...settings } = input;
  const pool = await requirePool(ctx, UserPoolId);
  if (ClientSecret !== undefined && GenerateSecret === false) {
    throw new CognitoError('InvalidParameterException', 'ClientSecret can only be set for an app client that has a client secret (GenerateSecret must not be false).');
  }
  const secret = ClientSecret ?? (GenerateSecret === true ? generateClientSecret() : undefined);
  const config = clientConfigFrom(settings, await clientValidationContext(ctx, pool, 'create', secret !== undefined));
  const t = ctx.deps.now();
  for (;;) {
    const id = newClientId();
    const client: ClientRecord = {
      id,
      poolId: pool.id,
      name: ClientName,
      secretSealed: secret === undefined ? null : sealClientSecret(ctx.deps.masterKey, id, secret),
      config: config as unknown as Record<string, unknown>,
      createdAt: t,
      updatedAt: t,
    };
    try {
      await ctx.deps.store.clients.insertClient(client);
    } catch (err) {
      if (err instanceof UniqueViolation && err.rule === 'client') continue; // 36^26 ids: a collision is astronomically rare
      throw err;
    }
    return { UserPoolClient: toUserPoolClientType(client, secret) };
  }
};
