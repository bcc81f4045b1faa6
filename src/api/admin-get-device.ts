import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { describeDevice } from '../domain/devices/device-requests.ts';

export const adminGetDevice: Handler<'AdminGetDevice'> = async (input, ctx) => {
  const owner = { pool: await requirePool(ctx, input.UserPoolId), username: input.Username };
  return { Device: await describeDevice(ctx.deps, owner, input.DeviceKey) };
};
