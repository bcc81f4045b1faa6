import { CognitoError } from '../errors.ts';
import type { Store } from '../../storage/ports/index.ts';

/** UpdateUserPool, AddCustomAttributes and DeleteUserPool wait until a running user import ends. */
export async function requireNoImportInProgress(store: Store, poolId: string): Promise<void> {
  if (await store.imports.hasImportInProgress(poolId)) {
    throw new CognitoError('UserImportInProgressException', `A user import job is in progress for user pool ${poolId}; wait for it to finish or stop it first.`);
  }
}
