import type { Handler } from './context.ts';
import { sendAttributeVerificationCode } from '../domain/auth/profile.ts';

export const getUserAttributeVerificationCode: Handler<'GetUserAttributeVerificationCode'> = async (input, ctx) => ({
  CodeDeliveryDetails: await sendAttributeVerificationCode(ctx, input.AccessToken, input.AttributeName),
});
