import type { HandlerTable } from './context.ts';
import { adminForgetDevice } from './admin-forget-device.ts';
import { adminGetDevice } from './admin-get-device.ts';
import { adminListDevices } from './admin-list-devices.ts';
import { adminSetUserMFAPreference } from './admin-set-user-mfa-preference.ts';
import { adminUpdateDeviceStatus } from './admin-update-device-status.ts';
import { associateSoftwareToken } from './associate-software-token.ts';
import { confirmDevice } from './confirm-device.ts';
import { forgetDevice } from './forget-device.ts';
import { getDevice } from './get-device.ts';
import { getUserPoolMfaConfig } from './get-user-pool-mfa-config.ts';
import { listDevices } from './list-devices.ts';
import { setUserMFAPreference } from './set-user-mfa-preference.ts';
import { setUserPoolMfaConfig } from './set-user-pool-mfa-config.ts';
import { setUserSettings } from './set-user-settings.ts';
import { updateDeviceStatus } from './update-device-status.ts';
import { verifySoftwareToken } from './verify-software-token.ts';

/** Handlers of the MFA and devices area; src/api/index.ts merges every area's table. */
export const mfaHandlers: HandlerTable = {
  GetUserPoolMfaConfig: getUserPoolMfaConfig,
  SetUserPoolMfaConfig: setUserPoolMfaConfig,
  AssociateSoftwareToken: associateSoftwareToken,
  VerifySoftwareToken: verifySoftwareToken,
  SetUserMFAPreference: setUserMFAPreference,
  AdminSetUserMFAPreference: adminSetUserMFAPreference,
  SetUserSettings: setUserSettings,
  ConfirmDevice: confirmDevice,
  GetDevice: getDevice,
  ListDevices: listDevices,
  UpdateDeviceStatus: updateDeviceStatus,
  ForgetDevice: forgetDevice,
  AdminGetDevice: adminGetDevice,
  AdminListDevices: adminListDevices,
  AdminUpdateDeviceStatus: adminUpdateDeviceStatus,
  AdminForgetDevice: adminForgetDevice,
};
