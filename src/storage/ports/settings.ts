/** Hosted UI (classic) branding of a pool (`clientId` ALL) or of one app client. */
export interface UiCustomizationRecord {
  poolId: string;
  clientId: string;
  css: string | null;
  cssVersion: string;
  /** The logo image (base64) with its media type, SHA-256 (hex) and size in bytes; null without a logo. */
  imageData: string | null;
  imageType: string | null;
  imageSha256: string | null;
  imageSize: number | null;
  createdAt: number;
  updatedAt: number;
}

/** A per-pool (or per-client) setting stored as JSON: `risk` (SetRiskConfiguration), `log_delivery`. */
export interface PoolSettingRecord {
  poolId: string;
  kind: string;
  /** The app client it applies to, or '' for the pool. */
  clientId: string;
  value: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

/** Per-pool and per-client settings documents (UI customization, risk, log delivery…). */
export interface SettingsStore {
  findUiCustomization(poolId: string, clientId: string): Promise<UiCustomizationRecord | undefined>;
  /** Creates or replaces the branding of a pool (ALL) or client; an existing row keeps its creation time. */
  putUiCustomization(u: UiCustomizationRecord): Promise<UiCustomizationRecord>;
  deleteUiCustomization(poolId: string, clientId: string): Promise<void>;
  findPoolSetting(poolId: string, kind: string, clientId: string): Promise<PoolSettingRecord | undefined>;
  /** Creates or replaces a setting; an existing row keeps its creation time. */
  putPoolSetting(p: PoolSettingRecord): Promise<void>;
  deletePoolSetting(poolId: string, kind: string, clientId: string): Promise<void>;
  /** The fingerprint of the master key the database is sealed with (server_settings), if recorded. */
  masterKeyFingerprint(): Promise<string | undefined>;
}
