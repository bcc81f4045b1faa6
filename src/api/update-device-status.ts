import type { Handler } from './context.ts';
import { callerOf } from './auth-common.ts';
import { setDeviceStatus } from '../domain/devices/devices.ts';

/** UpdateDeviceStatus: remembered / not_remembered for one of the signed-in user's devices. */
export const updateDeviceStatus: Handler<'UpdateDeviceStatus'> = async (input, ctx) => {
  const { user } = await callerOf(ctx, input.AccessToken);
  await setDeviceStatus(ctx.deps, user, input.DeviceKey, input.DeviceRememberedStatus);
  return {};
};
