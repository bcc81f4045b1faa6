import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { forgetDevice } from '../domain/devices/devices.ts';
import { requireUser } from '../domain/users/resolve.ts';

/** AdminForgetDevice: forgets a user's device (sign-in, listing, and its refresh tokens). */
export const adminForgetDevice: Handler<'AdminForgetDevice'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const user = await requireUser(ctx.deps.store, pool, input.Username);
  await forgetDevice(ctx.deps, user, input.DeviceKey);
  return {};
};
