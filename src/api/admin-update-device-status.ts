import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { setDeviceStatus } from '../domain/devices/devices.ts';
import { requireUser } from '../domain/users/resolve.ts';

/** AdminUpdateDeviceStatus: remembered / not_remembered (`dev:device_remembered_status`) for a user's device. */
export const adminUpdateDeviceStatus: Handler<'AdminUpdateDeviceStatus'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const user = await requireUser(ctx.deps.store, pool, input.Username);
  await setDeviceStatus(ctx.deps, user, input.DeviceKey, input.DeviceRememberedStatus);
  return {};
};
