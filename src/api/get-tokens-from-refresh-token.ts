import type { Handler } from './context.ts';
import { publicAuthCall } from './auth-common.ts';
import { notAuthorized } from '../http/protocol/errors.ts';
import { clientSecretMatches } from '../domain/auth/client-rules.ts';
import { refreshWithRotation } from '../domain/auth/refresh.ts';

export const getTokensFromRefreshToken: Handler<'GetTokensFromRefreshToken'> = async (input, ctx) => {
  const call = await publicAuthCall(ctx, input.ClientId);
  const secret = clientSecretMatches(ctx.deps, call.client, input.ClientSecret);
  if (secret === 'missing') throw notAuthorized(`Client ${call.client.id} is configured with secret but ClientSecret was not received`);
  if (secret === 'wrong') throw notAuthorized(`Unable to verify secret for client ${call.client.id}`);
  return { AuthenticationResult: await refreshWithRotation(call, input.RefreshToken, input.DeviceKey) };
};
