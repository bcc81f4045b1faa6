/**
 * What the domain and the operations ask of storage. Records are plain data; JSON columns are
 * parsed; timestamps are epoch milliseconds. One SQL implementation serves SQLite and PostgreSQL.
 */
export interface PoolRecord {
  id: string;
  name: string;
  /** AWS UserPoolType members (without Id, Name, Arn, dates, counts), defaults filled in. */
  config: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

/** User pools (their configuration is one JSON document, written by compare-and-set). */
export interface PoolsStore {
  insertPool(p: PoolRecord): Promise<void>;
  /** The pool (deeply frozen: build a new record to change it). */
  findPool(id: string): Promise<PoolRecord | undefined>;
  deletePool(id: string): Promise<boolean>;
  /** Pools of one region (ids `<region>_…`) in id order after `afterId`. */
  listPoolsInRegion(region: string, afterId: string | undefined, limit: number): Promise<PoolRecord[]>;
  /** Ids of every pool, of every region, in id order after `afterId`. */
  listPoolIds(afterId: string | undefined, limit: number): Promise<string[]>;
  /**
   * Writes the pool only if it still has `expectedUpdatedAt` (compare-and-set: a concurrent
   * update on another node makes this return false, and the caller re-reads and retries).
   */
  updatePoolIfUnchanged(p: PoolRecord, expectedUpdatedAt: number): Promise<boolean>;
}
