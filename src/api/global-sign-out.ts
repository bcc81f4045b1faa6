import type { Handler } from './context.ts';
import { signOutCaller } from '../domain/auth/sign-out.ts';

export const globalSignOut: Handler<'GlobalSignOut'> = async (input, ctx) => {
  await signOutCaller(ctx.deps, input.AccessToken);
  return {};
};
