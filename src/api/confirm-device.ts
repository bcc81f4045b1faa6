import type { Handler } from './context.ts';
import { callerOf } from './auth-common.ts';
import { confirmDevice as confirm } from '../domain/devices/devices.ts';

/**
 * ConfirmDevice: registers the device a sign-in was issued (NewDeviceMetadata; its key is the
 * access token's `device_key`) with its SRP salt and verifier. UserConfirmationNecessary is true
 * when the pool remembers devices only on the user's say-so (then UpdateDeviceStatus).
 */
export const confirmDevice: Handler<'ConfirmDevice'> = async (input, ctx) => {
  const { pool, user, claims } = await callerOf(ctx, input.AccessToken);
  const necessary = await confirm(ctx.deps, pool, user, {
    deviceKey: input.DeviceKey,
    tokenDeviceKey: claims.device_key,
    verifierConfig: input.DeviceSecretVerifierConfig,
    name: input.DeviceName,
    sourceIp: ctx.sourceIp,
  });
  return { UserConfirmationNecessary: necessary };
};
