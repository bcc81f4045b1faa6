/**
 * The device operations as the API takes them: GetDevice / AdminGetDevice, ForgetDevice /
 * AdminForgetDevice, UpdateDeviceStatus / AdminUpdateDeviceStatus and ConfirmDevice. The
 * signed-in forms name the device's user by access token, the Admin* forms by Username, sub or alias.
 */
import type { RequestContext, Deps } from '../context.ts';
import { CognitoError } from '../errors.ts';
import type { ConfirmDeviceRequest, ConfirmDeviceResponse, DeviceRememberedStatusType, DeviceType } from '../../generated/shapes.ts';
import type { PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { verifyAccessToken } from '../tokens/verify.ts';
import { requireUser } from '../users/resolve.ts';
import { confirmDevice, forgetDevice, requireUserDevice, setDeviceStatus, toDeviceType } from './devices.ts';

/** Whose device: the signed-in user (AccessToken) or a user an administrator names. */
export type DeviceOwner = { accessToken: string | undefined } | { pool: PoolRecord; username: string };

async function userOf(deps: Deps, owner: DeviceOwner): Promise<UserRecord> {
  if ('pool' in owner) return requireUser(deps.store, owner.pool, owner.username);
  if (owner.accessToken === undefined || owner.accessToken === '') throw new CognitoError('InvalidParameterException', 'Missing required parameter AccessToken');
  return (await verifyAccessToken(deps, owner.accessToken)).user;
}

/** GetDevice / AdminGetDevice: one of the user's devices (another user's key: Device does not exist.). */
export async function describeDevice(deps: Deps, owner: DeviceOwner, deviceKey: string): Promise<DeviceType> {
  return toDeviceType(await requireUserDevice(deps.store, await userOf(deps, owner), deviceKey));
}

/** ForgetDevice / AdminForgetDevice: the device is gone (sign-in, listing, and its refresh tokens). */
export async function forgetDeviceOf(deps: Deps, owner: DeviceOwner, deviceKey: string): Promise<void> {
  await forgetDevice(deps, await userOf(deps, owner), deviceKey);
}

/** UpdateDeviceStatus / AdminUpdateDeviceStatus: remembered / not_remembered (`dev:device_remembered_status`). */
export async function setDeviceStatusOf(deps: Deps, owner: DeviceOwner, deviceKey: string, status: DeviceRememberedStatusType | undefined): Promise<void> {
  await setDeviceStatus(deps, await userOf(deps, owner), deviceKey, status);
}

/**
 * ConfirmDevice: registers the device a sign-in was issued (NewDeviceMetadata; its key is the
 * access token's `device_key`) with its SRP salt and verifier. UserConfirmationNecessary is true
 * when the pool remembers devices only on the user's say-so (then UpdateDeviceStatus).
 */
export async function confirmSignedInDevice(ctx: RequestContext, input: ConfirmDeviceRequest): Promise<ConfirmDeviceResponse> {
  const { pool, user, claims } = await verifyAccessToken(ctx.deps, input.AccessToken);
  const necessary = await confirmDevice(ctx.deps, pool, user, {
    deviceKey: input.DeviceKey,
    tokenDeviceKey: claims.device_key,
    verifierConfig: input.DeviceSecretVerifierConfig,
    name: input.DeviceName,
    sourceIp: ctx.sourceIp,
  });
  return { UserConfirmationNecessary: necessary };
}
