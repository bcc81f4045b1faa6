import type { RequestContext } from '../context.ts';
import { CognitoError } from '../errors.ts';
import { requirePool } from '../pools/require-pool.ts';
import { MAX_RESOURCE_SERVERS, scopesFrom, tooManyResourceServers } from './resource-servers.ts';
import type { CreateResourceServerRequest } from '../../generated/shapes.ts';
import { UniqueViolation, type ResourceServerRecord } from '../../storage/ports/index.ts';

/** CreateResourceServer: at most 25 per pool, identifiers unique in the pool. */
export async function createResourceServer(ctx: RequestContext, input: CreateResourceServerRequest): Promise<ResourceServerRecord> {
  const { store } = ctx.deps;
  const pool = await requirePool(store, input.UserPoolId);
  const now = ctx.deps.now();
  const rs: ResourceServerRecord = { poolId: pool.id, identifier: input.Identifier, name: input.Name, scopes: scopesFrom(input.Scopes), createdAt: now, updatedAt: now };
  if ((await store.oauth.listResourceServers(pool.id, undefined, MAX_RESOURCE_SERVERS)).length >= MAX_RESOURCE_SERVERS) throw tooManyResourceServers();
  try {
    await store.oauth.insertResourceServer(rs);
  } catch (err) {
    if (err instanceof UniqueViolation) throw new CognitoError('InvalidParameterException', `${input.Identifier} already exists in user pool ${pool.id}.`);
    throw err;
  }
  return rs;
}
