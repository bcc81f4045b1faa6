import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { MAX_RESOURCE_SERVERS, scopesFrom, toResourceServerType, tooManyResourceServers } from '../domain/resource-servers/resource-servers.ts';
import { CognitoError } from '../domain/errors.ts';
import { UniqueViolation, type ResourceServerRecord } from '../storage/ports/index.ts';

export const createResourceServer: Handler<'CreateResourceServer'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const now = ctx.deps.now();
  const rs: ResourceServerRecord = { poolId: pool.id, identifier: input.Identifier, name: input.Name, scopes: scopesFrom(input.Scopes), createdAt: now, updatedAt: now };
  if ((await ctx.deps.store.oauth.listResourceServers(pool.id, undefined, MAX_RESOURCE_SERVERS)).length >= MAX_RESOURCE_SERVERS) throw tooManyResourceServers();
  try {
    await ctx.deps.store.oauth.insertResourceServer(rs);
  } catch (err) {
    if (err instanceof UniqueViolation) throw new CognitoError('InvalidParameterException', `${input.Identifier} already exists in user pool ${pool.id}.`);
    throw err;
  }
  return { ResourceServer: toResourceServerType(rs) };
};
