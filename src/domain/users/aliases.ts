/**
 * Alias columns: which attribute values a user can sign in with, kept unique per pool by the
 * database (users_email_alias, users_phone_alias, users_preferred_username_alias).
 *
 * - email/phone-as-username pools (`UsernameAttributes`): the email / phone number always
 *   (verified or not) — it is the user's sign-in name.
 * - alias pools (`AliasAttributes`): email / phone_number only while verified;
 *   preferred_username whenever set.
 * - other pools: none.
 */
import { CognitoError } from '../errors.ts';
import type { Store } from '../../storage/ports/index.ts';
import type { AliasKind, PoolRecord, UniqueRule, UserRecord } from '../../storage/ports/index.ts';
import { aliasAttributesOf, aliasKey, usernameAttributesOf } from './username.ts';

export interface AliasColumns {
  emailAlias: string | null;
  phoneAlias: string | null;
  preferredUsernameAlias: string | null;
}

const COLUMN: Record<AliasKind, keyof AliasColumns> = {
  email: 'emailAlias',
  phone_number: 'phoneAlias',
  preferred_username: 'preferredUsernameAlias',
};

const VERIFIED_FLAG: Partial<Record<AliasKind, string>> = { email: 'email_verified', phone_number: 'phone_number_verified' };

/** The alias columns a user with `attributes` has in `pool`. */
export function computeAliases(pool: PoolRecord, attributes: Record<string, string>): AliasColumns {
  const out: AliasColumns = { emailAlias: null, phoneAlias: null, preferredUsernameAlias: null };
  const set = (kind: AliasKind): void => {
    const v = attributes[kind];
    if (v !== undefined && v !== '') out[COLUMN[kind]] = aliasKey(pool, kind, v);
  };
  const asUsername = usernameAttributesOf(pool);
  if (asUsername.length > 0) {
    for (const kind of asUsername) set(kind);
    return out;
  }
  for (const kind of aliasAttributesOf(pool)) {
    const flag = VERIFIED_FLAG[kind];
    if (flag === undefined || attributes[flag] === 'true') set(kind);
  }
  return out;
}

/** Recomputes `user`'s alias columns from its attributes (in place). */
export function refreshAliases(pool: PoolRecord, user: UserRecord): void {
  Object.assign(user, computeAliases(pool, user.attributes));
}

/** How a taken alias is reported: as a username (sign-up / create in email-as-username pools) or as an alias. */
export type AliasConflictMode = 'username' | 'alias';

/** AWS's error for an alias value another user holds. */
export function aliasTakenError(pool: PoolRecord, kind: AliasKind, mode: AliasConflictMode): CognitoError {
  const message = `An account with the given ${kind} already exists.`;
  const asUsername = usernameAttributesOf(pool).length > 0;
  return new CognitoError(asUsername && mode === 'username' ? 'UsernameExistsException' : 'AliasExistsException', message);
}

/** The error for a unique-constraint violation raised while writing a user (a lost race). */
export function userUniqueViolationError(pool: PoolRecord, rule: UniqueRule, mode: AliasConflictMode): CognitoError | undefined {
  switch (rule) {
    case 'username':
      return new CognitoError('UsernameExistsException', 'User account already exists');
    case 'email_alias':
      return aliasTakenError(pool, 'email', mode);
    case 'phone_alias':
      return aliasTakenError(pool, 'phone_number', mode);
    case 'preferred_username_alias':
      return aliasTakenError(pool, 'preferred_username', mode);
    default:
      return undefined;
  }
}

/**
 * Makes sure no other user holds `user`'s aliases before it is written. With `force`
 * (ForceAliasCreation) a verified email / phone alias moves to `user`: the previous holder
 * loses the alias and its `*_verified` flag becomes "false". Run inside the write's transaction;
 * the unique constraints still catch concurrent writers.
 */
export async function claimAliases(
  store: Store,
  pool: PoolRecord,
  user: UserRecord,
  options: { force: boolean; mode: AliasConflictMode; now: number },
): Promise<void> {
  for (const kind of ['email', 'phone_number', 'preferred_username'] as const) {
    const value = user[COLUMN[kind]];
    if (value === null) continue;
    const holder = await store.users.findUserByAlias(pool.id, kind, value);
    if (holder === undefined || holder.sub === user.sub) continue;
    const flag = VERIFIED_FLAG[kind];
    const movable = options.force && flag !== undefined && usernameAttributesOf(pool).length === 0;
    if (!movable) throw aliasTakenError(pool, kind, options.mode);
    holder[COLUMN[kind]] = null;
    holder.attributes = { ...holder.attributes, [flag]: 'false' };
    holder.updatedAt = options.now;
    await store.users.updateUser(holder);
  }
}
