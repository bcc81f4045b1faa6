import type { Handler } from './context.ts';
import { callerOf } from './auth-common.ts';
import { listUserDevices } from '../domain/devices/devices.ts';

/** ListDevices: the signed-in user's devices, Limit (≤ 60) at a time with a PaginationToken. */
export const listDevices: Handler<'ListDevices'> = async (input, ctx) => {
  const { user } = await callerOf(ctx, input.AccessToken);
  return listUserDevices(ctx.deps, user, input.Limit, input.PaginationToken);
};
