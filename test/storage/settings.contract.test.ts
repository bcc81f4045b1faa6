/** SettingsStore: UI customizations and per-pool settings are created or replaced (keeping their creation time), found and deleted. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { PoolSettingRecord, UiCustomizationRecord } from '../../src/storage/ports/index.ts';
import { forEachStore, useStore } from '../helpers/stores.ts';
import { givenPool, T0 } from './records.ts';

const ui = (poolId: string, clientId: string, over: Partial<UiCustomizationRecord> = {}): UiCustomizationRecord => ({
  poolId,
  clientId,
  css: '.banner-customizable { color: red; }',
  cssVersion: '1',
  imageData: 'iVBORw0KGgo=',
  imageType: 'image/png',
  imageSha256: 'ab'.repeat(32),
  imageSize: 8,
  createdAt: T0,
  updatedAt: T0 + 1,
  ...over,
});

const setting = (poolId: string, over: Partial<PoolSettingRecord> = {}): PoolSettingRecord => ({ poolId, kind: 'risk', clientId: '', value: { CompromisedCredentialsRiskConfiguration: { Actions: { EventAction: 'BLOCK' } } }, createdAt: T0, updatedAt: T0 + 1, ...over });

await forEachStore((kind, open) => {
  describe(`SettingsStore contract (${kind})`, () => {
    const store = useStore(open);

    it('a UI customization round-trips with every field, per pool (ALL) and per client; missing ones are undefined', async () => {
      const poolId = await givenPool(store());
      const all = ui(poolId, 'ALL');
      const client = ui(poolId, 'client1', { css: null, imageData: null, imageType: null, imageSha256: null, imageSize: null });
      assert.deepEqual(await store().settings.putUiCustomization(all), all);
      assert.deepEqual(await store().settings.putUiCustomization(client), client);
      assert.deepEqual(await store().settings.findUiCustomization(poolId, 'ALL'), all);
      assert.deepEqual(await store().settings.findUiCustomization(poolId, 'client1'), client);
      assert.equal(await store().settings.findUiCustomization(poolId, 'client2'), undefined);
      assert.equal(await store().settings.findUiCustomization(await givenPool(store()), 'ALL'), undefined);
    });

    it('putUiCustomization replaces an existing one but keeps its creation time, and returns what is stored; delete removes it', async () => {
      const poolId = await givenPool(store());
      await store().settings.putUiCustomization(ui(poolId, 'ALL'));
      const replacement = ui(poolId, 'ALL', { css: null, cssVersion: '2', imageData: null, imageType: null, imageSha256: null, imageSize: null, createdAt: T0 + 50, updatedAt: T0 + 50 });
      const stored = { ...replacement, createdAt: T0 };
      assert.deepEqual(await store().settings.putUiCustomization(replacement), stored);
      assert.deepEqual(await store().settings.findUiCustomization(poolId, 'ALL'), stored);
      await store().settings.deleteUiCustomization(poolId, 'ALL');
      await store().settings.deleteUiCustomization(poolId, 'ALL');
      assert.equal(await store().settings.findUiCustomization(poolId, 'ALL'), undefined);
    });

    it('a pool setting round-trips per (pool, kind, client); put replaces the value and keeps the creation time; delete removes one', async () => {
      const poolId = await givenPool(store());
      const risk = setting(poolId);
      const clientRisk = setting(poolId, { clientId: 'client1', value: {} });
      const logs = setting(poolId, { kind: 'log_delivery', value: { LogConfigurations: [] } });
      for (const s of [risk, clientRisk, logs]) await store().settings.putPoolSetting(s);
      assert.deepEqual(await store().settings.findPoolSetting(poolId, 'risk', ''), risk);
      assert.deepEqual(await store().settings.findPoolSetting(poolId, 'risk', 'client1'), clientRisk);
      assert.deepEqual(await store().settings.findPoolSetting(poolId, 'log_delivery', ''), logs);
      assert.equal(await store().settings.findPoolSetting(poolId, 'risk', 'client2'), undefined);
      await store().settings.putPoolSetting({ ...risk, value: { changed: true }, createdAt: T0 + 9, updatedAt: T0 + 9 });
      assert.deepEqual(await store().settings.findPoolSetting(poolId, 'risk', ''), { ...risk, value: { changed: true }, updatedAt: T0 + 9 });
      await store().settings.deletePoolSetting(poolId, 'risk', '');
      assert.equal(await store().settings.findPoolSetting(poolId, 'risk', ''), undefined);
      assert.deepEqual(await store().settings.findPoolSetting(poolId, 'risk', 'client1'), clientRisk);
    });

    it('a fresh database has no master key fingerprint', async () => {
      assert.equal(await store().settings.masterKeyFingerprint(), undefined);
    });
  });
});
