import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { listUserDevices } from '../domain/devices/devices.ts';
import { requireUser } from '../domain/users/resolve.ts';

/** AdminListDevices: a user's devices, Limit (≤ 60) at a time with a PaginationToken. */
export const adminListDevices: Handler<'AdminListDevices'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  const user = await requireUser(ctx.deps.store, pool, input.Username);
  return listUserDevices(ctx.deps, user, input.Limit, input.PaginationToken);
};
