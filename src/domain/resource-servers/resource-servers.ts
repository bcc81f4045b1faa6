/** Resource servers: OAuth 2.0 APIs of a pool and their custom scopes (`<Identifier>/<ScopeName>`). */
import type { RequestContext } from '../context.ts';
import { CognitoError } from '../errors.ts';
import type { ResourceServerScopeType, ResourceServerType } from '../../generated/shapes.ts';
import type { ResourceServerRecord, ResourceServerScope } from '../../storage/ports/index.ts';
import type { Store } from '../../storage/ports/index.ts';

/** AWS's quota of resource servers per user pool. */
export const MAX_RESOURCE_SERVERS = 25;

export const noSuchResourceServer = (identifier: string): CognitoError => new CognitoError('ResourceNotFoundException', `Resource server ${identifier} does not exist.`);

export async function requireResourceServer(ctx: RequestContext, poolId: string, identifier: string): Promise<ResourceServerRecord> {
  const rs = await ctx.deps.store.oauth.findResourceServer(poolId, identifier);
  if (rs === undefined) throw noSuchResourceServer(identifier);
  return rs;
}

/** The request's scopes; a scope name given twice is refused. */
export function scopesFrom(input: ResourceServerScopeType[] | undefined): ResourceServerScope[] {
  const seen = new Set<string>();
  const out: ResourceServerScope[] = [];
  for (const s of input ?? []) {
    if (seen.has(s.ScopeName)) throw new CognitoError('InvalidParameterException', `Duplicate scope name ${s.ScopeName}: each scope of a resource server must have a unique ScopeName.`);
    seen.add(s.ScopeName);
    out.push({ ScopeName: s.ScopeName, ScopeDescription: s.ScopeDescription });
  }
  return out;
}

export function toResourceServerType(rs: ResourceServerRecord): ResourceServerType {
  return { UserPoolId: rs.poolId, Identifier: rs.identifier, Name: rs.name, Scopes: rs.scopes.map((s) => ({ ScopeName: s.ScopeName, ScopeDescription: s.ScopeDescription })) };
}

/** Every custom scope of the pool as `<identifier>/<scope>` (at most 25 servers × 100 scopes). */
export async function customScopesOf(store: Store, poolId: string): Promise<Set<string>> {
  const out = new Set<string>();
  for (const rs of await store.oauth.listResourceServers(poolId, undefined, MAX_RESOURCE_SERVERS + 100)) {
    for (const s of rs.scopes) out.add(`${rs.identifier}/${s.ScopeName}`);
  }
  return out;
}

export const tooManyResourceServers = (): CognitoError => new CognitoError('LimitExceededException', `A user pool can have at most ${MAX_RESOURCE_SERVERS} resource servers.`);
