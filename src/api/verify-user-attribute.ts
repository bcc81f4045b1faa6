import type { Handler } from './context.ts';
import { verifyOwnAttribute } from '../domain/auth/profile.ts';

export const verifyUserAttribute: Handler<'VerifyUserAttribute'> = async (input, ctx) => {
  await verifyOwnAttribute(ctx, input.AccessToken, input.AttributeName, input.Code);
  return {};
};
