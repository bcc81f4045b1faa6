import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { requireResourceServer, scopesFrom, toResourceServerType } from '../domain/resource-servers/resource-servers.ts';
import { CognitoError } from '../domain/errors.ts';

/** Replaces the name and the whole scope list (omitted Scopes ⇒ none), as AWS does. */
export const updateResourceServer: Handler<'UpdateResourceServer'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const current = await requireResourceServer(ctx, pool.id, input.Identifier);
  const next = { ...current, name: input.Name, scopes: scopesFrom(input.Scopes), updatedAt: ctx.deps.now() };
  if (!(await ctx.deps.store.oauth.updateResourceServer(next))) throw new CognitoError('ResourceNotFoundException', `Resource server ${input.Identifier} does not exist.`);
  return { ResourceServer: toResourceServerType(next) };
};
