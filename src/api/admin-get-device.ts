import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { requireUserDevice, toDeviceType } from '../domain/devices/devices.ts';
import { requireUser } from '../domain/users/resolve.ts';

/** AdminGetDevice: a device of the user named by Username, sub or alias. */
export const adminGetDevice: Handler<'AdminGetDevice'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const user = await requireUser(ctx.deps.store, pool, input.Username);
  return { Device: toDeviceType(await requireUserDevice(ctx.deps.store, user, input.DeviceKey)) };
};
