import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { signOutUser } from '../domain/auth/sign-out.ts';

export const adminUserGlobalSignOut: Handler<'AdminUserGlobalSignOut'> = async (input, ctx) => {
  await signOutUser(ctx.deps, await requirePool(ctx, input.UserPoolId), input.Username);
  return {};
};
