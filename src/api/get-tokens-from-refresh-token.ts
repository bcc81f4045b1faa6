import type { Handler } from './context.ts';
import { publicAuthCall } from './auth-common.ts';
import { CognitoError } from '../domain/errors.ts';
import { clientSecretMatches } from '../domain/auth/client-rules.ts';
import { refreshWithRotation } from '../domain/auth/refresh.ts';

export const getTokensFromRefreshToken: Handler<'GetTokensFromRefreshToken'> = async (input, ctx) => {
  const call = await publicAuthCall(ctx, input.ClientId);
  const secret = clientSecretMatches(ctx.deps, call.client, input.ClientSecret);
  if (secret === 'missing') throw new CognitoError('NotAuthorizedException', `Client ${call.client.id} is configured with secret but ClientSecret was not received`);
  if (secret === 'wrong') throw new CognitoError('NotAuthorizedException', `Unable to verify secret for client ${call.client.id}`);
  return { AuthenticationResult: await refreshWithRotation(call, input.RefreshToken, input.DeviceKey) };
};
