import type { Handler } from './context.ts';
import { describeDevice } from '../domain/devices/device-requests.ts';

export const getDevice: Handler<'GetDevice'> = async (input, ctx) => ({ Device: await describeDevice(ctx.deps, { accessToken: input.AccessToken }, input.DeviceKey) });
