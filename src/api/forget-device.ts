import type { Handler } from './context.ts';
import { callerOf } from './auth-common.ts';
import { CognitoError } from '../domain/errors.ts';
import { forgetDevice as forget } from '../domain/devices/devices.ts';

/** ForgetDevice: the signed-in user's device is gone (sign-in, listing, and its refresh tokens). */
export const forgetDevice: Handler<'ForgetDevice'> = async (input, ctx) => {
  if (input.AccessToken === undefined || input.AccessToken === '') throw new CognitoError('InvalidParameterException', 'Missing required parameter AccessToken');
  const { user } = await callerOf(ctx, input.AccessToken);
  await forget(ctx.deps, user, input.DeviceKey);
  return {};
};
