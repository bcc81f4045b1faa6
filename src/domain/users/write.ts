/** Writing users with their alias rules, turning unique-constraint violations into AWS's errors. */
import { UniqueViolation, type PoolRecord, type UserRecord } from '../../storage/ports/index.ts';
import type { Store } from '../../storage/ports/index.ts';
import { claimAliases, refreshAliases, userUniqueViolationError, type AliasConflictMode } from './aliases.ts';

async function mapViolation<T>(pool: PoolRecord, mode: AliasConflictMode, p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    if (err instanceof UniqueViolation) throw userUniqueViolationError(pool, err.rule, mode) ?? err;
    throw err;
  }
}

/**
 * Inserts a new user in one transaction: its aliases are claimed first (ForceAliasCreation moves
 * a verified email / phone alias from its current holder), then the row is written. A taken
 * username answers `UsernameExistsException: User account already exists`; a taken email / phone
 * in email/phone-as-username pools `UsernameExistsException: An account with the given email
 * already exists.`; a taken alias `AliasExistsException`.
 */
export async function insertUserChecked(store: Store, pool: PoolRecord, user: UserRecord, options: { forceAliasCreation: boolean; now: number }): Promise<void> {
  refreshAliases(pool, user);
  await mapViolation(
    pool,
    'username',
    store.transaction(async (tx) => {
      await claimAliases(tx, pool, user, { force: options.forceAliasCreation, mode: 'username', now: options.now });
      await tx.users.insertUser(user);
    }),
  );
}

/**
 * Saves an existing user after its attributes changed: aliases recomputed and claimed (a taken
 * alias answers `AliasExistsException`, or moves with `forceAliasCreation`), one transaction.
 */
export async function saveUserChecked(store: Store, pool: PoolRecord, user: UserRecord, options: { forceAliasCreation?: boolean; now: number }): Promise<void> {
  refreshAliases(pool, user);
  await mapViolation(
    pool,
    'alias',
    store.transaction(async (tx) => {
      await claimAliases(tx, pool, user, { force: options.forceAliasCreation ?? false, mode: 'alias', now: options.now });
      await tx.users.updateUser(user);
    }),
  );
}
