import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { CognitoError } from '../domain/errors.ts';

export const deleteResourceServer: Handler<'DeleteResourceServer'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  if (!(await ctx.deps.store.oauth.deleteResourceServer(pool.id, input.Identifier))) throw new CognitoError('ResourceNotFoundException', `Resource server ${input.Identifier} does not exist.`);
  return {};
};
