import type { Handler } from './context.ts';
import { publicAuthCall } from './auth-common.ts';
import { forgotPassword as forgot } from '../domain/auth/account.ts';

export const forgotPassword: Handler<'ForgotPassword'> = async (input, ctx) => {
  const call = await publicAuthCall(ctx, input.ClientId);
  const details = await forgot(call, input.Username, input.SecretHash, input.ClientMetadata);
  return details ? { CodeDeliveryDetails: details } : {};
};
