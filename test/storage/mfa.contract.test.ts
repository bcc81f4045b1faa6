/** MfaStore: per-user MFA settings, TOTP activation and time steps used once, and devices with keyset listing. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceRecord, UserMfaRecord } from '../../src/storage/ports/index.ts';
import { countWinners, forEachStore, useStore } from '../helpers/stores.ts';
import { givenUser, rejectsUnique, unique, T0 } from './records.ts';

const device = (poolId: string, userSub: string, over: Partial<DeviceRecord> = {}): DeviceRecord => ({
  deviceKey: unique('us-east-1_dev-'),
  poolId,
  userSub,
  deviceGroupKey: 'group-key',
  verifierSealed: 'dmVyaWZpZXI=',
  name: 'laptop',
  status: 'remembered',
  attributes: { device_name: 'laptop', last_ip_used: '192.0.2.1' },
  lastIp: '192.0.2.1',
  createdAt: T0,
  updatedAt: T0 + 1,
  lastAuthenticatedAt: T0 + 2,
  ...over,
});

const noMfa = (poolId: string, userSub: string): UserMfaRecord => ({ poolId, userSub, totpEnabled: false, emailEnabled: false, preferred: null, totpSecretSealed: null, totpPendingSealed: null, totpName: null, totpLastStep: null, updatedAt: T0 });

await forEachStore((kind, open) => {
  describe(`MfaStore contract (${kind})`, () => {
    const store = useStore(open);

    it('a user without MFA settings reads undefined; saveMfaPreferences creates the row, then changes only the switches', async () => {
      const { poolId, user } = await givenUser(store());
      assert.equal(await store().mfa.findUserMfa(poolId, user.sub), undefined);
      await store().mfa.saveMfaPreferences(poolId, user.sub, { totpEnabled: false, emailEnabled: true, preferred: 'EMAIL_OTP' }, T0);
      assert.deepEqual(await store().mfa.findUserMfa(poolId, user.sub), { ...noMfa(poolId, user.sub), emailEnabled: true, preferred: 'EMAIL_OTP' });
      await store().mfa.setTotpPending(poolId, user.sub, 'pending', T0 + 1);
      await store().mfa.saveMfaPreferences(poolId, user.sub, { totpEnabled: true, emailEnabled: false, preferred: null }, T0 + 2);
      assert.deepEqual(await store().mfa.findUserMfa(poolId, user.sub), { ...noMfa(poolId, user.sub), totpEnabled: true, totpPendingSealed: 'pending', updatedAt: T0 + 2 });
    });

    it('setTotpPending creates or replaces the pending secret only; activateTotp makes it the verified one with every field', async () => {
      const { poolId, user } = await givenUser(store());
      await store().mfa.setTotpPending(poolId, user.sub, 'first', T0);
      assert.deepEqual(await store().mfa.findUserMfa(poolId, user.sub), { ...noMfa(poolId, user.sub), totpPendingSealed: 'first' });
      await store().mfa.setTotpPending(poolId, user.sub, 'second', T0 + 1);
      assert.equal(await store().mfa.activateTotp(poolId, user.sub, 'first', 100, 'phone', T0 + 2, true), false, 'a replaced pending secret cannot be activated');
      assert.equal(await store().mfa.activateTotp(poolId, user.sub, 'second', 100, 'phone', T0 + 2, true), true);
      assert.deepEqual(await store().mfa.findUserMfa(poolId, user.sub), { poolId, userSub: user.sub, totpEnabled: true, emailEnabled: false, preferred: 'SOFTWARE_TOKEN_MFA', totpSecretSealed: 'second', totpPendingSealed: null, totpName: 'phone', totpLastStep: 100, updatedAt: T0 + 2 });
    });

    it('activateTotp with enable keeps another preferred factor; without enable it switches nothing on', async () => {
      const a = await givenUser(store());
      await store().mfa.saveMfaPreferences(a.poolId, a.user.sub, { totpEnabled: false, emailEnabled: true, preferred: 'EMAIL_OTP' }, T0);
      await store().mfa.setTotpPending(a.poolId, a.user.sub, 'p', T0);
      assert.equal(await store().mfa.activateTotp(a.poolId, a.user.sub, 'p', 7, null, T0 + 1, true), true);
      const readA = await store().mfa.findUserMfa(a.poolId, a.user.sub);
      assert.deepEqual([readA!.totpEnabled, readA!.preferred, readA!.totpName], [true, 'EMAIL_OTP', null]);
      const b = await givenUser(store());
      await store().mfa.setTotpPending(b.poolId, b.user.sub, 'p', T0);
      assert.equal(await store().mfa.activateTotp(b.poolId, b.user.sub, 'p', 7, 'x', T0 + 1, false), true);
      const readB = await store().mfa.findUserMfa(b.poolId, b.user.sub);
      assert.deepEqual([readB!.totpEnabled, readB!.preferred, readB!.totpSecretSealed], [false, null, 'p']);
    });

    it('activateTotp: of 10 concurrent verifications of one pending secret, exactly one wins', async () => {
      const { poolId, user } = await givenUser(store());
      await store().mfa.setTotpPending(poolId, user.sub, 'pending', T0);
      assert.equal(await countWinners(10, (i) => store().mfa.activateTotp(poolId, user.sub, 'pending', 100 + i, null, T0 + 1, true)), 1);
    });

    it('useTotpStep uses a step of the verified secret once, and never an earlier one', async () => {
      const { poolId, user } = await givenUser(store());
      await store().mfa.setTotpPending(poolId, user.sub, 'secret', T0);
      await store().mfa.activateTotp(poolId, user.sub, 'secret', 100, null, T0, true);
      assert.equal(await store().mfa.useTotpStep(poolId, user.sub, 'secret', 100), false, 'the activation used step 100');
      assert.equal(await store().mfa.useTotpStep(poolId, user.sub, 'other secret', 101), false, 'another secret');
      assert.equal(await store().mfa.useTotpStep(poolId, user.sub, 'secret', 101), true);
      assert.equal(await store().mfa.useTotpStep(poolId, user.sub, 'secret', 101), false);
      assert.equal(await store().mfa.useTotpStep(poolId, user.sub, 'secret', 99), false);
      assert.equal((await store().mfa.findUserMfa(poolId, user.sub))!.totpLastStep, 101);
      assert.equal(await countWinners(10, () => store().mfa.useTotpStep(poolId, user.sub, 'secret', 102)), 1, 'of 10 concurrent uses of one step exactly one wins');
    });

    it('a device round-trips with every field; a missing one is undefined; a second with the same key breaks a rule', async () => {
      const { poolId, user } = await givenUser(store());
      const d = device(poolId, user.sub);
      await store().mfa.insertDevice(d);
      assert.deepEqual(await store().mfa.findDevice(d.deviceKey), d);
      const bare = device(poolId, user.sub, { verifierSealed: null, name: null, lastIp: null, attributes: {}, status: 'not_remembered' });
      await store().mfa.insertDevice(bare);
      assert.deepEqual(await store().mfa.findDevice(bare.deviceKey), bare);
      assert.equal(await store().mfa.findDevice('nothere'), undefined);
      await rejectsUnique(store().mfa.insertDevice(d), 'other');
    });

    it('updateDevice changes the given fields of a live device only', async () => {
      const { poolId, user } = await givenUser(store());
      const d = device(poolId, user.sub);
      await store().mfa.insertDevice(d);
      assert.equal(await store().mfa.updateDevice(d.deviceKey, { lastIp: null, lastAuthenticatedAt: T0 + 50 }), true);
      assert.deepEqual(await store().mfa.findDevice(d.deviceKey), { ...d, lastIp: null, lastAuthenticatedAt: T0 + 50 });
      assert.equal(await store().mfa.updateDevice(d.deviceKey, { status: 'forgotten', updatedAt: T0 + 60, verifierSealed: null }), true);
      assert.deepEqual(await store().mfa.findDevice(d.deviceKey), { ...d, lastIp: null, lastAuthenticatedAt: T0 + 50, status: 'forgotten', updatedAt: T0 + 60, verifierSealed: null });
      assert.equal(await store().mfa.updateDevice(d.deviceKey, { status: 'remembered' }), false, 'a forgotten device stays forgotten');
      assert.equal(await store().mfa.updateDevice('nothere', { status: 'remembered' }), false);
    });

    it('listDevices lists a user\'s live devices by (creation, key) after the keyset cursor', async () => {
      const { poolId, user } = await givenUser(store());
      const { user: other } = await givenUser(store(), { poolId });
      const ds = [device(poolId, user.sub, { createdAt: T0 + 2 }), device(poolId, user.sub, { createdAt: T0 + 1 }), device(poolId, user.sub, { createdAt: T0 + 1 }), device(poolId, user.sub, { createdAt: T0 + 3, status: 'forgotten' })];
      for (const d of ds) await store().mfa.insertDevice(d);
      await store().mfa.insertDevice(device(poolId, other.sub));
      const expected = [ds[1]!, ds[2]!, ds[0]!];
      const page1 = await store().mfa.listDevices(poolId, user.sub, undefined, 2);
      assert.deepEqual(page1, expected.slice(0, 2));
      const last = page1[1]!;
      assert.deepEqual(await store().mfa.listDevices(poolId, user.sub, { createdAt: last.createdAt, deviceKey: last.deviceKey }, 2), expected.slice(2));
    });
  });
});
