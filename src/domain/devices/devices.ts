/**
 * Remembered devices (spec/auth.md §A.4; AWS "Working with user devices").
 *
 * A pool tracks devices when its DeviceConfiguration has any member. A sign-in that presents no
 * known DEVICE_KEY then gets `NewDeviceMetadata {DeviceKey: "{region}_{uuid}", DeviceGroupKey}`
 * and an access token carrying that `device_key`; ConfirmDevice with that access token stores
 * the device's SRP salt and verifier (sealed, like a password verifier). The group key is derived
 * from the device key with the server's token key, so nothing is stored before ConfirmDevice.
 *
 * Statuses: `remembered` (device SRP at sign-in, and with ChallengeRequiredOnNewDevice no MFA),
 * `not_remembered` (tracked only), `forgotten` (ForgetDevice: the row stays as a tombstone so the
 * key is never confirmed again and its refresh tokens never refresh again).
 */
import { createHmac, randomUUID } from 'node:crypto';
import type { Deps } from '../context.ts';
import type { DeviceSecretVerifierConfigType, DeviceType } from '../../generated/shapes.ts';
import { CognitoError } from '../errors.ts';
import { UniqueViolation, type DeviceRecord, type DeviceStatus, type PoolRecord, type UserRecord } from '../../storage/ports/index.ts';
import type { Store } from '../../storage/ports/index.ts';
import { open, seal } from '../crypto/sealed.ts';
import { createdAtCursor, page } from '../paging.ts';
import { SRP_N, bytesToBigInt, type PasswordVerifier } from '../passwords/srp.ts';
import { poolConfigOf, regionOfPool } from '../pools/pool-config.ts';

export const deviceNotFound = (): CognitoError => new CognitoError('ResourceNotFoundException', 'Device does not exist.');

/** What AWS reports as the SDK of a device whose SDK it cannot tell. */
const UNKNOWN_SDK = 'aws-sdk-unknown-unknown';
const MAX_DEVICE_PAGE = 60;

export interface DeviceSettings {
  /** DeviceConfiguration present with any member. */
  tracking: boolean;
  /** A remembered device stands in for the MFA factor. */
  challengeRequiredOnNewDevice: boolean;
  /** ConfirmDevice leaves the device not_remembered until UpdateDeviceStatus. */
  onlyRememberedOnUserPrompt: boolean;
}

export function deviceSettingsOf(pool: PoolRecord): DeviceSettings {
  const dc = poolConfigOf(pool).DeviceConfiguration;
  const tracking = dc !== undefined && Object.values(dc).some((v) => v !== undefined && v !== null);
  return {
    tracking,
    challengeRequiredOnNewDevice: tracking && dc?.['ChallengeRequiredOnNewDevice'] === true,
    onlyRememberedOnUserPrompt: tracking && dc?.['DeviceOnlyRememberedOnUserPrompt'] === true,
  };
}

export const newDeviceKey = (poolId: string): string => `${regionOfPool(poolId)}_${randomUUID()}`;

/** The DeviceGroupKey issued with a device key (a short opaque string, e.g. `-AbCdEfGh1`). */
export function deviceGroupKeyOf(deps: Deps, poolId: string, deviceKey: string): string {
  return `-${createHmac('sha256', deps.tokenKey).update(`device-group\0${poolId}\0${deviceKey}`, 'utf8').digest('base64url').slice(0, 9)}`;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** ConfirmDevice's DeviceSecretVerifierConfig: base64 of the salt and verifier bytes (which may start with 0x00). */
export function parseVerifierConfig(cfg: DeviceSecretVerifierConfigType): PasswordVerifier {
  const bad = (): CognitoError => new CognitoError('InvalidParameterException', 'Invalid DeviceSecretVerifierConfig: Salt and PasswordVerifier must be the base64 of the device SRP salt and verifier.');
  const salt = cfg.Salt ?? '';
  const verifier = cfg.PasswordVerifier ?? '';
  if (!BASE64.test(salt) || !BASE64.test(verifier)) throw bad();
  const s = Buffer.from(salt, 'base64');
  const v = Buffer.from(verifier, 'base64');
  if (s.length === 0 || s.length > 64 || v.length === 0 || v.length > 385) throw bad();
  const vInt = bytesToBigInt(v);
  if (vInt <= 1n || vInt >= SRP_N || bytesToBigInt(s) === 0n) throw bad();
  return { salt: s, verifier: v };
}

export const verifierAad = (deviceKey: string): string => `device-verifier:${deviceKey}`;

export function sealDeviceVerifier(masterKey: Buffer, deviceKey: string, v: PasswordVerifier): string {
  const plain = JSON.stringify({ s: v.salt.toString('hex'), v: v.verifier.toString('hex') });
  return seal(masterKey, Buffer.from(plain, 'utf8'), verifierAad(deviceKey)).toString('base64');
}

export function openDeviceVerifier(masterKey: Buffer, device: DeviceRecord): PasswordVerifier | undefined {
  if (device.verifierSealed === null) return undefined;
  const parsed = JSON.parse(open(masterKey, Buffer.from(device.verifierSealed, 'base64'), verifierAad(device.deviceKey)).toString('utf8')) as { s: string; v: string };
  return { salt: Buffer.from(parsed.s, 'hex'), verifier: Buffer.from(parsed.v, 'hex') };
}

/** The user's live (not forgotten) device with this key, or undefined (another user's device included). */
export async function findUserDevice(store: Store, user: UserRecord, deviceKey: string): Promise<DeviceRecord | undefined> {
  const device = await store.mfa.findDevice(deviceKey);
  if (device === undefined || device.poolId !== user.poolId || device.userSub !== user.sub || device.status === 'forgotten') return undefined;
  return device;
}

/** {@link findUserDevice}, or `ResourceNotFoundException: Device does not exist.` */
export async function requireUserDevice(store: Store, user: UserRecord, deviceKey: string): Promise<DeviceRecord> {
  const device = await findUserDevice(store, user, deviceKey);
  if (device === undefined) throw deviceNotFound();
  return device;
}

/** DeviceType as GetDevice / ListDevices answer it. */
export function toDeviceType(d: DeviceRecord): DeviceType {
  const attrs: Array<{ Name: string; Value: string }> = [{ Name: 'device_status', Value: 'valid' }];
  if (d.name !== null) attrs.push({ Name: 'device_name', Value: d.name });
  if (d.lastIp !== null) attrs.push({ Name: 'last_ip_used', Value: d.lastIp });
  attrs.push({ Name: 'dev:device_remembered_status', Value: d.status });
  for (const [Name, Value] of Object.entries(d.attributes)) attrs.push({ Name, Value });
  return {
    DeviceKey: d.deviceKey,
    DeviceAttributes: attrs,
    DeviceCreateDate: d.createdAt / 1000,
    DeviceLastModifiedDate: d.updatedAt / 1000,
    DeviceLastAuthenticatedDate: d.lastAuthenticatedAt / 1000,
  };
}

/** Device tokens' cursor: `{ t: <created at>, k: <device key> }`. */
const DEVICE_CURSOR = createdAtCursor('k');

/** ListDevices / AdminListDevices: creation order, keyset paging with a signed PaginationToken. */
export async function listUserDevices(deps: Deps, user: UserRecord, limit: number | undefined, token: string | undefined): Promise<{ Devices: DeviceType[]; PaginationToken?: string }> {
  const devices = await page(deps, {
    scope: `ListDevices:${user.poolId}:${user.sub}`,
    token,
    limit: limit === undefined || limit === 0 ? MAX_DEVICE_PAGE : Math.min(limit, MAX_DEVICE_PAGE),
    codec: DEVICE_CURSOR,
    fetch: (after, size) => deps.store.mfa.listDevices(user.poolId, user.sub, after && { createdAt: after.createdAt, deviceKey: after.id }, size),
    cursorOf: (d) => ({ createdAt: d.createdAt, id: d.deviceKey }),
  });
  return {
    Devices: devices.items.map(toDeviceType),
    ...(devices.nextToken !== undefined ? { PaginationToken: devices.nextToken } : {}),
  };
}

/** UpdateDeviceStatus / AdminUpdateDeviceStatus. */
export async function setDeviceStatus(deps: Deps, user: UserRecord, deviceKey: string, status: 'remembered' | 'not_remembered' | undefined): Promise<void> {
  const device = await requireUserDevice(deps.store, user, deviceKey);
  if (status === undefined || status === device.status) return;
  if (!(await deps.store.mfa.updateDevice(device.deviceKey, { status, updatedAt: deps.now() }))) throw deviceNotFound();
}

/** ForgetDevice / AdminForgetDevice: the device is gone for sign-in, listing and refresh. */
export async function forgetDevice(deps: Deps, user: UserRecord, deviceKey: string): Promise<void> {
  const device = await requireUserDevice(deps.store, user, deviceKey);
  if (!(await deps.store.mfa.updateDevice(device.deviceKey, { status: 'forgotten', verifierSealed: null, updatedAt: deps.now() }))) throw deviceNotFound();
}

export interface ConfirmDeviceInput {
  deviceKey: string;
  /** The `device_key` claim of the caller's access token. */
  tokenDeviceKey: string | undefined;
  verifierConfig: DeviceSecretVerifierConfigType | undefined;
  name: string | undefined;
  sourceIp: string;
}

/**
 * ConfirmDevice: registers the device the caller's sign-in was issued (`NewDeviceMetadata`); its
 * key must be the access token's `device_key`. Returns UserConfirmationNecessary.
 */
export async function confirmDevice(deps: Deps, pool: PoolRecord, user: UserRecord, input: ConfirmDeviceInput): Promise<boolean> {
  const settings = deviceSettingsOf(pool);
  if (!settings.tracking || input.tokenDeviceKey !== input.deviceKey) throw deviceNotFound();
  const existing = await deps.store.mfa.findDevice(input.deviceKey);
  if (existing !== undefined) {
    if (existing.status === 'forgotten' || existing.userSub !== user.sub || existing.poolId !== pool.id) throw deviceNotFound();
    throw new CognitoError('DeviceKeyExistsException', 'Device already exists.');
  }
  const verifier = input.verifierConfig === undefined ? undefined : parseVerifierConfig(input.verifierConfig);
  const now = deps.now();
  const status: DeviceStatus = settings.onlyRememberedOnUserPrompt ? 'not_remembered' : 'remembered';
  try {
    await deps.store.mfa.insertDevice({
      deviceKey: input.deviceKey,
      poolId: pool.id,
      userSub: user.sub,
      deviceGroupKey: deviceGroupKeyOf(deps, pool.id, input.deviceKey),
      verifierSealed: verifier === undefined ? null : sealDeviceVerifier(deps.masterKey, input.deviceKey, verifier),
      name: input.name ?? null,
      status,
      attributes: { 'dev:device_sdk': UNKNOWN_SDK },
      lastIp: input.sourceIp || null,
      createdAt: now,
      updatedAt: now,
      lastAuthenticatedAt: now,
    });
  } catch (err) {
    if (err instanceof UniqueViolation) throw new CognitoError('DeviceKeyExistsException', 'Device already exists.');
    throw err;
  }
  return settings.onlyRememberedOnUserPrompt;
}

/** A device authenticated itself (DEVICE_PASSWORD_VERIFIER): last-authenticated date and IP. */
export async function recordDeviceSignIn(deps: Deps, device: DeviceRecord, sourceIp: string | undefined): Promise<void> {
  const now = deps.now();
  await deps.store.mfa.updateDevice(device.deviceKey, { lastAuthenticatedAt: now, ...(sourceIp ? { lastIp: sourceIp } : {}) });
}
