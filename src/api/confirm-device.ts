import type { Handler } from './context.ts';
import { confirmSignedInDevice } from '../domain/devices/device-requests.ts';

export const confirmDevice: Handler<'ConfirmDevice'> = (input, ctx) => confirmSignedInDevice(ctx, input);
