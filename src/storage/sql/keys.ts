import { sql } from 'kysely';
import { type SigningKeyRecord, type KeysStore } from '../ports/index.ts';
import { mapUnique, SqlPart } from './session.ts';

/** Token signing keys (sealed) per pool. */
export class SqlKeys extends SqlPart implements KeysStore {
  async insertSigningKey(k: SigningKeyRecord): Promise<void> {
    await mapUnique(this.db.insertInto('signing_keys').values({ kid: k.kid, pool_id: k.poolId, private_sealed: k.privateSealed, public_jwk: JSON.stringify(k.publicJwk), active: k.active ? 1 : 0, created_at: k.createdAt }).execute());
  }
  async listSigningKeys(poolId: string): Promise<SigningKeyRecord[]> {
    const rows = await this.db.selectFrom('signing_keys').selectAll().where('pool_id', '=', poolId).orderBy('created_at').execute();
    return rows.map((r) => ({ kid: r.kid, poolId: r.pool_id, privateSealed: r.private_sealed, publicJwk: JSON.parse(r.public_jwk) as Record<string, unknown>, active: r.active === 1, createdAt: r.created_at }));
  }
  async setActiveSigningKey(poolId: string, kid: string): Promise<void> {
    await this.db.updateTable('signing_keys').set({ active: sql<number>`case when kid = ${kid} then 1 else 0 end` }).where('pool_id', '=', poolId).execute();
  }
}
