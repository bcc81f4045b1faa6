import type { Handler } from './context.ts';
import { profileCallOf } from './auth-common.ts';
import { deleteOwnAttributes } from '../domain/auth/profile.ts';

export const deleteUserAttributes: Handler<'DeleteUserAttributes'> = async (input, ctx) => {
  const { call, user } = await profileCallOf(ctx, input.AccessToken);
  await deleteOwnAttributes(call, user, input.UserAttributeNames);
  return {};
};
