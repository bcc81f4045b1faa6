import { sql, type Selectable } from 'kysely';
import type { UserMfaTable, DevicesTable } from './schema.ts';
import { type MfaFactor, type UserMfaRecord, type DeviceStatus, type DeviceRecord, type MfaStore } from '../ports/index.ts';
import { toUserMfa, toDevice } from './rows.ts';
import { mapUnique, SqlPart } from './session.ts';

/** MFA settings per user (TOTP, email, preferred factor) and remembered devices. */
export class SqlMfa extends SqlPart implements MfaStore {
  async findUserMfa(poolId: string, userSub: string): Promise<UserMfaRecord | undefined> {
    const [r] = await this.run<Selectable<UserMfaTable>>('user mfa', (p) => this.db.selectFrom('user_mfa').selectAll().where('pool_id', '=', p(0)).where('user_sub', '=', p(1)), [poolId, userSub]);
    return r && toUserMfa(r);
  }
  /** SetUserMFAPreference: the TOTP / email switches and the preferred method (row created when missing). */
  async saveMfaPreferences(poolId: string, userSub: string, p: { totpEnabled: boolean; emailEnabled: boolean; preferred: MfaFactor | null }, now: number): Promise<void> {
    const set = { totp_enabled: p.totpEnabled ? 1 : 0, email_enabled: p.emailEnabled ? 1 : 0, preferred: p.preferred, updated_at: now };
    await this.db
      .insertInto('user_mfa')
      .values({ pool_id: poolId, user_sub: userSub, ...set, totp_secret_sealed: null, totp_pending_sealed: null, totp_name: null, totp_last_step: null })
      .onConflict((oc) => oc.columns(['pool_id', 'user_sub']).doUpdateSet(set))
      .execute();
  }
  /** AssociateSoftwareToken: a new pending TOTP secret (replacing any earlier pending one). */
  async setTotpPending(poolId: string, userSub: string, pendingSealed: string, now: number): Promise<void> {
    await this.db
      .insertInto('user_mfa')
      .values({ pool_id: poolId, user_sub: userSub, totp_enabled: 0, email_enabled: 0, preferred: null, totp_secret_sealed: null, totp_pending_sealed: pendingSealed, totp_name: null, totp_last_step: null, updated_at: now })
      .onConflict((oc) => oc.columns(['pool_id', 'user_sub']).doUpdateSet({ totp_pending_sealed: pendingSealed, updated_at: now }))
      .execute();
  }
  /**
   * VerifySoftwareToken: the pending secret (still `pendingSealed`) becomes the verified one and
   * `step` is used up, atomically; false when another request changed the pending secret or used
   * the step first. With `enable`, TOTP MFA is also switched on (preferred unless another is).
   */
  async activateTotp(poolId: string, userSub: string, pendingSealed: string, step: number, name: string | null, now: number, enable: boolean): Promise<boolean> {
    const r = await this.db
      .updateTable('user_mfa')
      .set((eb) => ({
        totp_secret_sealed: pendingSealed,
        totp_pending_sealed: null,
        totp_name: name,
        totp_last_step: step,
        updated_at: now,
        ...(enable ? { totp_enabled: 1, preferred: eb.fn.coalesce('preferred', sql<string>`${'SOFTWARE_TOKEN_MFA'}`) } : {}),
      }))
      .where('pool_id', '=', poolId)
      .where('user_sub', '=', userSub)
      .where('totp_pending_sealed', '=', pendingSealed)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
  /** Uses up a TOTP time step of the verified secret `secretSealed`; false when it (or a later one) was used already. */
  async useTotpStep(poolId: string, userSub: string, secretSealed: string, step: number): Promise<boolean> {
    const r = await this.db
      .updateTable('user_mfa')
      .set({ totp_last_step: step })
      .where('pool_id', '=', poolId)
      .where('user_sub', '=', userSub)
      .where('totp_secret_sealed', '=', secretSealed)
      .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
  async insertDevice(d: DeviceRecord): Promise<void> {
    await mapUnique(
      this.db
        .insertInto('devices')
        .values({
          device_key: d.deviceKey,
          pool_id: d.poolId,
          user_sub: d.userSub,
          device_group_key: d.deviceGroupKey,
          verifier_sealed: d.verifierSealed,
          name: d.name,
          status: d.status,
          attributes: JSON.stringify(d.attributes),
          last_ip: d.lastIp,
          created_at: d.createdAt,
          updated_at: d.updatedAt,
          last_authenticated_at: d.lastAuthenticatedAt,
        })
        .execute(),
    );
  }
  async findDevice(deviceKey: string): Promise<DeviceRecord | undefined> {
    const r = await this.db.selectFrom('devices').selectAll().where('device_key', '=', deviceKey).executeTakeFirst();
    return r && toDevice(r);
  }
  /** A user's devices (forgotten ones excluded) in creation order, after the keyset cursor. */
  async listDevices(poolId: string, userSub: string, after: { createdAt: number; deviceKey: string } | undefined, limit: number): Promise<DeviceRecord[]> {
    let q = this.db.selectFrom('devices').selectAll().where('pool_id', '=', poolId).where('user_sub', '=', userSub).where('status', '!=', 'forgotten');
    if (after !== undefined) {
      q = q.where((eb) => eb.or([eb('created_at', '>', after.createdAt), eb.and([eb('created_at', '=', after.createdAt), eb('device_key', '>', after.deviceKey)])]));
    }
    const rows = await q.orderBy('created_at').orderBy('device_key').limit(limit).execute();
    return rows.map(toDevice);
  }
  /** Changes a live (not forgotten) device; false when there is none. */
  async updateDevice(deviceKey: string, patch: { status?: DeviceStatus; lastIp?: string | null; lastAuthenticatedAt?: number; updatedAt?: number; verifierSealed?: string | null }): Promise<boolean> {
    const set: Partial<DevicesTable> = {};
    if (patch.status !== undefined) set.status = patch.status;
    if (patch.lastIp !== undefined) set.last_ip = patch.lastIp;
    if (patch.lastAuthenticatedAt !== undefined) set.last_authenticated_at = patch.lastAuthenticatedAt;
    if (patch.updatedAt !== undefined) set.updated_at = patch.updatedAt;
    if (patch.verifierSealed !== undefined) set.verifier_sealed = patch.verifierSealed;
    const r = await this.db.updateTable('devices').set(set).where('device_key', '=', deviceKey).where('status', '!=', 'forgotten').executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
