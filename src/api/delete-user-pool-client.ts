import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { CognitoError } from '../domain/errors.ts';

/** Deletes an app client; tokens it issued stop validating because the client no longer exists. */
export const deleteUserPoolClient: Handler<'DeleteUserPoolClient'> = async (input, ctx) => {
  await requirePool(ctx, input.UserPoolId);
  const deleted = await ctx.deps.store.clients.deleteClient(input.UserPoolId, input.ClientId);
  if (!deleted) throw new CognitoError('ResourceNotFoundException', `User pool client ${input.ClientId} does not exist.`);
  return {};
};
