import type { Handler } from './context.ts';
import { callerOf } from './auth-common.ts';
import { signOutEverywhere } from '../domain/auth/refresh.ts';

export const globalSignOut: Handler<'GlobalSignOut'> = async (input, ctx) => {
  const { user } = await callerOf(ctx, input.AccessToken);
  await signOutEverywhere(ctx.deps, user);
  return {};
};
