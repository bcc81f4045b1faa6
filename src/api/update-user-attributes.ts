import type { Handler } from './context.ts';
import { updateOwnAttributes } from '../domain/auth/profile.ts';

export const updateUserAttributes: Handler<'UpdateUserAttributes'> = async (input, ctx) => {
  const details = await updateOwnAttributes(ctx, input.AccessToken, input.UserAttributes);
  return details.length > 0 ? { CodeDeliveryDetailsList: details } : {};
};
