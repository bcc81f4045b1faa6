import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { setDeviceStatusOf } from '../domain/devices/device-requests.ts';

export const adminUpdateDeviceStatus: Handler<'AdminUpdateDeviceStatus'> = async (input, ctx) => {
  const owner = { pool: await requirePool(ctx, input.UserPoolId), username: input.Username };
  await setDeviceStatusOf(ctx.deps, owner, input.DeviceKey, input.DeviceRememberedStatus);
  return {};
};
