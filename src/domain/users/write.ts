/**
 * The one way users are written with their aliases: alias columns recomputed from the attributes,
 * aliases claimed and the row written in one transaction, unique-constraint violations (lost
 * races) turned into AWS's errors.
 */
import { CognitoError } from '../errors.ts';
import { UniqueViolation, type PoolRecord, type Store, type UserRecord } from '../../storage/ports/index.ts';
import { claimAliases, refreshAliases, userUniqueViolationError, type AliasConflictMode } from './aliases.ts';

interface WriteOptions {
  /** ForceAliasCreation: a verified email / phone alias moves from its current holder. */
  forceAliasCreation?: boolean;
  now: number;
  /** The message of `UsernameExistsException` for a taken username (default `User account already exists`). */
  usernameTakenMessage?: string;
}

async function writeWithAliases(store: Store, pool: PoolRecord, user: UserRecord, mode: AliasConflictMode, options: WriteOptions, write: (tx: Store) => Promise<void>): Promise<void> {
  refreshAliases(pool, user);
  try {
    await store.transaction(async (tx) => {
      await claimAliases(tx, pool, user, { force: options.forceAliasCreation ?? false, mode, now: options.now });
      await write(tx);
    });
  } catch (err) {
    if (!(err instanceof UniqueViolation)) throw err;
    if (err.rule === 'username' && options.usernameTakenMessage !== undefined) throw new CognitoError('UsernameExistsException', options.usernameTakenMessage);
    throw userUniqueViolationError(pool, err.rule, mode) ?? err;
  }
}

/**
 * Inserts a new user. A taken username answers `UsernameExistsException` (`User account already
 * exists`, or `usernameTakenMessage`: SignUp says `User already exists`); a taken email / phone in
 * email/phone-as-username pools `UsernameExistsException: An account with the given email already
 * exists.`; a taken alias `AliasExistsException`.
 */
export async function insertUserChecked(store: Store, pool: PoolRecord, user: UserRecord, options: WriteOptions): Promise<void> {
  await writeWithAliases(store, pool, user, 'username', options, (tx) => tx.users.insertUser(user));
}

/** Saves an existing user after its attributes changed (a taken alias answers `AliasExistsException`). */
export async function saveUserChecked(store: Store, pool: PoolRecord, user: UserRecord, options: WriteOptions): Promise<void> {
  await writeWithAliases(store, pool, user, 'alias', options, (tx) => tx.users.updateUser(user));
}
