import type { Handler } from './context.ts';
import { publicAuthCall } from './auth-common.ts';
import { confirmSignUp as confirm } from '../domain/auth/account.ts';

export const confirmSignUp: Handler<'ConfirmSignUp'> = async (input, ctx) => {
  const call = { ...(await publicAuthCall(ctx, input.ClientId)), clientMetadata: input.ClientMetadata };
  const session = await confirm(call, input.Username, input.ConfirmationCode, input.SecretHash, input.ForceAliasCreation ?? false);
  return session ? { Session: session } : {};
};
