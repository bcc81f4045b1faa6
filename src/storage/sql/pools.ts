import { sql, type Selectable } from 'kysely';
import type { Database } from './schema.ts';
import { type PoolRecord, type PoolsStore } from '../ports/index.ts';
import { mapUnique, SqlPart } from './session.ts';

// ---- performance: parsed pools, validated on every read ----
/** How many parsed pools one store keeps (each a few KiB). */
const POOL_CACHE_SIZE = 256;

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** User pools (their configuration is one JSON document, written by compare-and-set). */
export class SqlPools extends SqlPart implements PoolsStore {
  async insertPool(p: PoolRecord): Promise<void> {
    await mapUnique(this.db.insertInto('user_pools').values({ id: p.id, name: p.name, config: JSON.stringify(p.config), created_at: p.createdAt, updated_at: p.updatedAt }).execute());
  }
  /** The pool (deeply frozen: build a new record to change it). */
  async findPool(id: string): Promise<PoolRecord | undefined> {
    const cached = this.session.poolCache.get(id);
    if (cached !== undefined) {
      const [v] = await this.run<{ updated_at: number; created_at: number }>('pool version', (p) => this.db.selectFrom('user_pools').select(['updated_at', 'created_at']).where('id', '=', p(0)), [id]);
      if (v === undefined) {
        this.session.poolCache.delete(id);
        return undefined;
      }
      if (Number(v.updated_at) === cached.updatedAt && Number(v.created_at) === cached.createdAt) return cached;
    }
    const [r] = await this.run<Selectable<Database['user_pools']>>('pool', (p) => this.db.selectFrom('user_pools').selectAll().where('id', '=', p(0)), [id]);
    if (r === undefined) return undefined;
    const pool = deepFreeze({ id: r.id, name: r.name, config: JSON.parse(r.config) as Record<string, unknown>, createdAt: Number(r.created_at), updatedAt: Number(r.updated_at) });
    // Only committed rows are kept: a transaction may still roll back what it read.
    if (this.db.isTransaction) return pool;
    this.session.poolCache.delete(id);
    if (this.session.poolCache.size >= POOL_CACHE_SIZE) {
      const oldest = this.session.poolCache.keys().next().value;
      if (oldest !== undefined) this.session.poolCache.delete(oldest);
    }
    this.session.poolCache.set(id, pool);
    return pool;
  }
  async deletePool(id: string): Promise<boolean> {
    const r = await this.db.deleteFrom('user_pools').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
  /** Pools of one region (ids `<region>_…`) in id order after `afterId`. */
  async listPoolsInRegion(region: string, afterId: string | undefined, limit: number): Promise<PoolRecord[]> {
    const prefix = `${region}_`;
    let q = this.db.selectFrom('user_pools').selectAll().where(sql<string>`substr(id, 1, ${prefix.length})`, '=', prefix).orderBy('id').limit(limit);
    if (afterId !== undefined) q = q.where('id', '>', afterId);
    const rows = await q.execute();
    return rows.map((r) => ({ id: r.id, name: r.name, config: JSON.parse(r.config) as Record<string, unknown>, createdAt: r.created_at, updatedAt: r.updated_at }));
  }
  async listPoolIds(afterId: string | undefined, limit: number): Promise<string[]> {
    let q = this.db.selectFrom('user_pools').select('id').orderBy('id').limit(limit);
    if (afterId !== undefined) q = q.where('id', '>', afterId);
    return (await q.execute()).map((r) => r.id);
  }
  /**
   * Writes the pool only if it still has `expectedUpdatedAt` (compare-and-set: a concurrent
   * update on another node makes this return false, and the caller re-reads and retries).
   */
  async updatePoolIfUnchanged(p: PoolRecord, expectedUpdatedAt: number): Promise<boolean> {
    const r = await this.db.updateTable('user_pools').set({ name: p.name, config: JSON.stringify(p.config), updated_at: p.updatedAt }).where('id', '=', p.id).where('updated_at', '=', expectedUpdatedAt).executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
