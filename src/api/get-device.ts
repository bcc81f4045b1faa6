import type { Handler } from './context.ts';
import { callerOf } from './auth-common.ts';
import { CognitoError } from '../domain/errors.ts';
import { requireUserDevice, toDeviceType } from '../domain/devices/devices.ts';

/** GetDevice: one of the signed-in user's devices (another user's key: Device does not exist.). */
export const getDevice: Handler<'GetDevice'> = async (input, ctx) => {
  if (input.AccessToken === undefined || input.AccessToken === '') throw new CognitoError('InvalidParameterException', 'Missing required parameter AccessToken');
  const { user } = await callerOf(ctx, input.AccessToken);
  return { Device: toDeviceType(await requireUserDevice(ctx.deps.store, user, input.DeviceKey)) };
};
