import type { Handler } from './context.ts';
import { profileCallOf } from './auth-common.ts';
import { verifyOwnAttribute } from '../domain/auth/profile.ts';

export const verifyUserAttribute: Handler<'VerifyUserAttribute'> = async (input, ctx) => {
  const { call, user } = await profileCallOf(ctx, input.AccessToken);
  await verifyOwnAttribute(call, user, input.AttributeName, input.Code);
  return {};
};
