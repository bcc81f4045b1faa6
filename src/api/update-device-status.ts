import type { Handler } from './context.ts';
import { setDeviceStatusOf } from '../domain/devices/device-requests.ts';

export const updateDeviceStatus: Handler<'UpdateDeviceStatus'> = async (input, ctx) => {
  await setDeviceStatusOf(ctx.deps, { accessToken: input.AccessToken }, input.DeviceKey, input.DeviceRememberedStatus);
  return {};
};
