import type { Handler } from './context.ts';
import { profileCallOf } from './auth-common.ts';
import { sendAttributeVerificationCode } from '../domain/auth/profile.ts';

export const getUserAttributeVerificationCode: Handler<'GetUserAttributeVerificationCode'> = async (input, ctx) => {
  const { call, user } = await profileCallOf(ctx, input.AccessToken);
  return { CodeDeliveryDetails: await sendAttributeVerificationCode(call, user, input.AttributeName) };
};
