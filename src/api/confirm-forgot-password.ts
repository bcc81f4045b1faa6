import type { Handler } from './context.ts';
import { publicAuthCall } from './auth-common.ts';
import { confirmForgotPassword as confirm } from '../domain/auth/account.ts';

export const confirmForgotPassword: Handler<'ConfirmForgotPassword'> = async (input, ctx) => {
  const call = { ...(await publicAuthCall(ctx, input.ClientId)), clientMetadata: input.ClientMetadata };
  await confirm(call, input.Username, input.ConfirmationCode, input.Password, input.SecretHash);
  return {};
};
