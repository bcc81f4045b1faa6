import type { Handler } from './context.ts';
import { publicAuthCall } from './auth-common.ts';
import { forgotPassword as forgot } from '../domain/auth/account.ts';

export const forgotPassword: Handler<'ForgotPassword'> = async (input, ctx) => {
  const call = { ...(await publicAuthCall(ctx, input.ClientId)), clientMetadata: input.ClientMetadata };
  const details = await forgot(call, input.Username, input.SecretHash);
  return details ? { CodeDeliveryDetails: details } : {};
};
