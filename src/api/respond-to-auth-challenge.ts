import type { Handler } from './context.ts';
import { publicAuthCall } from './auth-common.ts';
import { respondToAuthChallenge as respond } from '../domain/auth/sign-in.ts';

export const respondToAuthChallenge: Handler<'RespondToAuthChallenge'> = async (input, ctx) => {
  const call = await publicAuthCall(ctx, input.ClientId);
  return respond({ ...call, sourceIp: ctx.sourceIp, clientMetadata: input.ClientMetadata }, input.ChallengeName, input.ChallengeResponses, input.Session);
};
