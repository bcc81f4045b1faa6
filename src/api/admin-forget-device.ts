import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { forgetDeviceOf } from '../domain/devices/device-requests.ts';

export const adminForgetDevice: Handler<'AdminForgetDevice'> = async (input, ctx) => {
  await forgetDeviceOf(ctx.deps, { pool: await requirePool(ctx, input.UserPoolId), username: input.Username }, input.DeviceKey);
  return {};
};
