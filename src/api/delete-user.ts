import type { Handler } from './context.ts';
import { callerOf } from './auth-common.ts';

/** DeleteUser: the caller's account, with its tokens and group memberships (cascades). */
export const deleteUser: Handler<'DeleteUser'> = async (input, ctx) => {
  const { user } = await callerOf(ctx, input.AccessToken);
  await ctx.deps.store.users.deleteUser(user.poolId, user.sub);
  return {};
};
