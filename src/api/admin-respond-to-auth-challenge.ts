import type { Handler } from './context.ts';
import { adminAuthCall } from './auth-common.ts';
import { respondToAuthChallenge } from '../domain/auth/sign-in.ts';

export const adminRespondToAuthChallenge: Handler<'AdminRespondToAuthChallenge'> = async (input, ctx) => {
  const call = await adminAuthCall(ctx, input.UserPoolId, input.ClientId);
  return respondToAuthChallenge({ ...call, sourceIp: ctx.sourceIp, log: ctx.log, clientMetadata: input.ClientMetadata }, input.ChallengeName, input.ChallengeResponses, input.Session);
};
