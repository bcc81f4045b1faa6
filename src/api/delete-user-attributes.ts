import type { Handler } from './context.ts';
import { deleteOwnAttributes } from '../domain/auth/profile.ts';

export const deleteUserAttributes: Handler<'DeleteUserAttributes'> = async (input, ctx) => {
  await deleteOwnAttributes(ctx, input.AccessToken, input.UserAttributeNames);
  return {};
};
