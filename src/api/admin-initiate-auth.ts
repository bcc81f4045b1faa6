import type { Handler } from './context.ts';
import { adminAuthCall } from './auth-common.ts';
import { initiateAuth } from '../domain/auth/sign-in.ts';

export const adminInitiateAuth: Handler<'AdminInitiateAuth'> = async (input, ctx) => {
  const call = await adminAuthCall(ctx, input.UserPoolId, input.ClientId);
  return initiateAuth({ ...call, sourceIp: ctx.sourceIp, log: ctx.log, validationData: input.ClientMetadata }, input.AuthFlow, input.AuthParameters, input.Session);
};
