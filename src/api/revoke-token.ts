import type { Handler } from './context.ts';
import { CognitoError } from '../domain/errors.ts';
import { clientSecretMatches } from '../domain/auth/client-rules.ts';
import { revokeRefreshToken } from '../domain/auth/refresh.ts';
import { clientConfigOf } from '../domain/clients/client-config.ts';

export const revokeToken: Handler<'RevokeToken'> = async (input, ctx) => {
  const client = await ctx.deps.store.clients.findClientById(input.ClientId);
  const pool = client && (await ctx.deps.store.pools.findPool(client.poolId));
  if (!client || !pool) throw new CognitoError('UnauthorizedException', `Client ${input.ClientId} is not authorized: no such app client.`);
  const secret = clientSecretMatches(ctx.deps, client, input.ClientSecret);
  if (secret !== 'ok') throw new CognitoError('UnauthorizedException', secret === 'missing' ? `Client ${client.id} is configured with secret but ClientSecret was not received` : `Unable to verify secret for client ${client.id}`);
  if (clientConfigOf(client).EnableTokenRevocation === false) {
    throw new CognitoError('UnsupportedOperationException', 'Token revocation is not enabled for this app client.');
  }
  await revokeRefreshToken({ deps: ctx.deps, pool, client }, input.Token);
  return {};
};
