import type { Handler } from './context.ts';
import { publicAuthCall } from './auth-common.ts';
import { resendConfirmationCode as resend } from '../domain/auth/account.ts';

export const resendConfirmationCode: Handler<'ResendConfirmationCode'> = async (input, ctx) => {
  const call = { ...(await publicAuthCall(ctx, input.ClientId)), clientMetadata: input.ClientMetadata };
  return { CodeDeliveryDetails: await resend(call, input.Username, input.SecretHash) };
};
