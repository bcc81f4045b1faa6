import type { Handler } from './context.ts';
import { publicAuthCall } from './auth-common.ts';
import { initiateAuth as start } from '../domain/auth/sign-in.ts';

export const initiateAuth: Handler<'InitiateAuth'> = async (input, ctx) => {
  const call = await publicAuthCall(ctx, input.ClientId);
  return start({ ...call, sourceIp: ctx.sourceIp, validationData: input.ClientMetadata }, input.AuthFlow, input.AuthParameters, input.Session);
};
