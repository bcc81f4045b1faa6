import type { Handler } from './context.ts';
import { profileCallOf } from './auth-common.ts';
import { updateOwnAttributes } from '../domain/auth/profile.ts';

export const updateUserAttributes: Handler<'UpdateUserAttributes'> = async (input, ctx) => {
  const { call, user } = await profileCallOf(ctx, input.AccessToken);
  const details = await updateOwnAttributes(call, user, input.UserAttributes);
  return details.length > 0 ? { CodeDeliveryDetailsList: details } : {};
};
