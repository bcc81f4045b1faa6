import type { Handler } from './context.ts';
import { forgetDeviceOf } from '../domain/devices/device-requests.ts';

export const forgetDevice: Handler<'ForgetDevice'> = async (input, ctx) => {
  await forgetDeviceOf(ctx.deps, { accessToken: input.AccessToken }, input.DeviceKey);
  return {};
};
