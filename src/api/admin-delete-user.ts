import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { requireUser } from '../domain/users/resolve.ts';
import { CognitoError } from '../domain/errors.ts';

/**
 * AdminDeleteUser: the row goes, and with it (foreign keys, ON DELETE CASCADE) the user's group
 * memberships, refresh tokens and codes. The username can be reused afterwards.
 */
export const adminDeleteUser: Handler<'AdminDeleteUser'> = async (input, ctx) => {
  const { store } = ctx.deps;
  const pool = await requirePool(ctx, input.UserPoolId);
  const user = await requireUser(store, pool, input.Username);
  if (!(await store.users.deleteUser(pool.id, user.sub))) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  return {};
};
