import type { Handler } from './context.ts';
import { publicAuthCall } from './auth-common.ts';
import { signUp as register } from '../domain/auth/account.ts';

export const signUp: Handler<'SignUp'> = async (input, ctx) => {
  const call = await publicAuthCall(ctx, input.ClientId);
  return register(call, {
    username: input.Username,
    password: input.Password,
    attributes: input.UserAttributes ?? [],
    secretHash: input.SecretHash,
    validationData: input.ValidationData,
    clientMetadata: input.ClientMetadata,
  });
};
