import { type UiCustomizationRecord, type PoolSettingRecord, type SettingsStore } from '../ports/index.ts';
import { toUiCustomization } from './rows.ts';
import { SqlPart } from './session.ts';
import { readMasterKeyFingerprint } from './master-key-store.ts';

/** Per-pool and per-client settings documents (UI customization, risk, log delivery…). */
export class SqlSettings extends SqlPart implements SettingsStore {
  async findUiCustomization(poolId: string, clientId: string): Promise<UiCustomizationRecord | undefined> {
    const r = await this.db.selectFrom('ui_customizations').selectAll().where('pool_id', '=', poolId).where('client_id', '=', clientId).executeTakeFirst();
    return r && toUiCustomization(r);
  }
  /** Creates or replaces the branding of a pool (ALL) or client; an existing row keeps its creation time. */
  async putUiCustomization(u: UiCustomizationRecord): Promise<UiCustomizationRecord> {
    const set = { css: u.css, css_version: u.cssVersion, image_data: u.imageData, image_type: u.imageType, image_sha256: u.imageSha256, image_size: u.imageSize, updated_at: u.updatedAt };
    await this.db
      .insertInto('ui_customizations')
      .values({ pool_id: u.poolId, client_id: u.clientId, ...set, created_at: u.createdAt })
      .onConflict((oc) => oc.columns(['pool_id', 'client_id']).doUpdateSet(set))
      .execute();
    return (await this.findUiCustomization(u.poolId, u.clientId)) ?? u;
  }
  async deleteUiCustomization(poolId: string, clientId: string): Promise<void> {
    await this.db.deleteFrom('ui_customizations').where('pool_id', '=', poolId).where('client_id', '=', clientId).execute();
  }
  async findPoolSetting(poolId: string, kind: string, clientId: string): Promise<PoolSettingRecord | undefined> {
    const r = await this.db.selectFrom('pool_settings').selectAll().where('pool_id', '=', poolId).where('kind', '=', kind).where('client_id', '=', clientId).executeTakeFirst();
    return r && { poolId: r.pool_id, kind: r.kind, clientId: r.client_id, value: JSON.parse(r.value) as Record<string, unknown>, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) };
  }
  /** Creates or replaces a setting; an existing row keeps its creation time. */
  async putPoolSetting(p: PoolSettingRecord): Promise<void> {
    const set = { value: JSON.stringify(p.value), updated_at: p.updatedAt };
    await this.db
      .insertInto('pool_settings')
      .values({ pool_id: p.poolId, kind: p.kind, client_id: p.clientId, ...set, created_at: p.createdAt })
      .onConflict((oc) => oc.columns(['pool_id', 'kind', 'client_id']).doUpdateSet(set))
      .execute();
  }
  async deletePoolSetting(poolId: string, kind: string, clientId: string): Promise<void> {
    await this.db.deleteFrom('pool_settings').where('pool_id', '=', poolId).where('kind', '=', kind).where('client_id', '=', clientId).execute();
  }
  masterKeyFingerprint(): Promise<string | undefined> {
    return readMasterKeyFingerprint(this.db);
  }
}
