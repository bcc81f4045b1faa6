import type { RequestContext } from '../context.ts';
import { requirePool } from '../pools/require-pool.ts';
import { noSuchResourceServer, requireResourceServer, scopesFrom } from './resource-servers.ts';
import type { UpdateResourceServerRequest } from '../../generated/shapes.ts';
import type { ResourceServerRecord } from '../../storage/ports/index.ts';

/** UpdateResourceServer: replaces the name and the whole scope list (omitted Scopes ⇒ none), as AWS does. */
export async function updateResourceServer(ctx: RequestContext, input: UpdateResourceServerRequest): Promise<ResourceServerRecord> {
  const pool = await requirePool(ctx.deps.store, input.UserPoolId);
  const current = await requireResourceServer(ctx, pool.id, input.Identifier);
  const next = { ...current, name: input.Name, scopes: scopesFrom(input.Scopes), updatedAt: ctx.deps.now() };
  if (!(await ctx.deps.store.oauth.updateResourceServer(next))) throw noSuchResourceServer(input.Identifier);
  return next;
}
