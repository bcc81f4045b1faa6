/**
 * While a user import job runs, AWS refuses to change the pool under it: UpdateUserPool,
 * AddCustomAttributes and DeleteUserPool answer `UserImportInProgressException`.
 */
import { ApiError } from '../../protocol/errors.ts';
import type { SqlStore } from '../../storage/sql/store.ts';

export const MESSAGE_IMPORT_IN_PROGRESS = 'A user import job is in progress for this user pool.';

/** Throws `UserImportInProgressException` when a job of the pool is Pending, InProgress or Stopping. */
export async function assertNoImportInProgress(store: SqlStore, poolId: string): Promise<void> {
  if (await store.hasActiveImportJob(poolId)) throw new ApiError('UserImportInProgressException', MESSAGE_IMPORT_IN_PROGRESS);
}
