export type MfaFactor = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';

/** A user's MFA state beyond the legacy MFAOptions (which record SMS MFA). */
export interface UserMfaRecord {
  poolId: string;
  userSub: string;
  totpEnabled: boolean;
  emailEnabled: boolean;
  preferred: MfaFactor | null;
  /** Sealed base32 secret of the verified authenticator. */
  totpSecretSealed: string | null;
  /** Sealed base32 secret waiting for VerifySoftwareToken. */
  totpPendingSealed: string | null;
  totpName: string | null;
  /** Last RFC 6238 time step accepted. */
  totpLastStep: number | null;
  updatedAt: number;
}

export type DeviceStatus = 'remembered' | 'not_remembered' | 'forgotten';

/** A device confirmed with ConfirmDevice (times in epoch ms). */
export interface DeviceRecord {
  deviceKey: string;
  poolId: string;
  userSub: string;
  deviceGroupKey: string;
  /** Sealed device SRP salt + verifier, or null when none was given. */
  verifierSealed: string | null;
  name: string | null;
  status: DeviceStatus;
  attributes: Record<string, string>;
  lastIp: string | null;
  createdAt: number;
  updatedAt: number;
  lastAuthenticatedAt: number;
}

/** MFA settings per user (TOTP, email, preferred factor) and remembered devices. */
export interface MfaStore {
  findUserMfa(poolId: string, userSub: string): Promise<UserMfaRecord | undefined>;
  /** SetUserMFAPreference: the TOTP / email switches and the preferred method (row created when missing). */
  saveMfaPreferences(poolId: string, userSub: string, p: { totpEnabled: boolean; emailEnabled: boolean; preferred: MfaFactor | null }, now: number): Promise<void>;
  /** AssociateSoftwareToken: a new pending TOTP secret (replacing any earlier pending one). */
  setTotpPending(poolId: string, userSub: string, pendingSealed: string, now: number): Promise<void>;
  /**
   * VerifySoftwareToken: the pending secret (still `pendingSealed`) becomes the verified one and
   * `step` is used up, atomically; false when another request changed the pending secret or used
   * the step first. With `enable`, TOTP MFA is also switched on (preferred unless another is).
   */
  activateTotp(poolId: string, userSub: string, pendingSealed: string, step: number, name: string | null, now: number, enable: boolean): Promise<boolean>;
  /** Uses up a TOTP time step of the verified secret `secretSealed`; false when it (or a later one) was used already. */
  useTotpStep(poolId: string, userSub: string, secretSealed: string, step: number): Promise<boolean>;
  insertDevice(d: DeviceRecord): Promise<void>;
  findDevice(deviceKey: string): Promise<DeviceRecord | undefined>;
  /** A user's devices (forgotten ones excluded) in creation order, after the keyset cursor. */
  listDevices(poolId: string, userSub: string, after: { createdAt: number; deviceKey: string } | undefined, limit: number): Promise<DeviceRecord[]>;
  /** Changes a live (not forgotten) device; false when there is none. */
  updateDevice(deviceKey: string, patch: { status?: DeviceStatus; lastIp?: string | null; lastAuthenticatedAt?: number; updatedAt?: number; verifierSealed?: string | null }): Promise<boolean>;
}
