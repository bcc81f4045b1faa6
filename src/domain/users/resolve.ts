/** Finding a user the way AWS reads a `Username` parameter: username, sub, or sign-in alias. */
import { CognitoError } from '../errors.ts';
import type { Store } from '../../storage/ports/index.ts';
import type { AliasKind, PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { aliasAttributesOf, aliasKey, isEmailFormat, isPhoneFormat, usernameAttributesOf, usernameKey } from './username.ts';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The user `usernameOrAlias` names in `pool`, or undefined. Looked up, in order, by:
 * 1. the Username (normalised per `UsernameConfiguration.CaseSensitive`);
 * 2. the `sub` (AWS accepts it wherever a Username is taken; in email/phone-as-username pools it
 *    is the Username);
 * 3. the pool's sign-in aliases — email / phone number in `UsernameAttributes` pools, the verified
 *    email / phone number and preferred_username in `AliasAttributes` pools.
 */
export async function resolveUser(store: Store, pool: PoolRecord, usernameOrAlias: string): Promise<UserRecord | undefined> {
  const byName = await store.users.findUserByUsernameKey(pool.id, usernameKey(pool, usernameOrAlias));
  if (byName) return byName;
  if (UUID_RE.test(usernameOrAlias)) {
    const bySub = await store.users.findUserBySub(pool.id, usernameOrAlias.toLowerCase());
    if (bySub) return bySub;
  }
  const kinds: AliasKind[] = usernameAttributesOf(pool);
  if (kinds.length === 0) kinds.push(...aliasAttributesOf(pool));
  for (const kind of kinds) {
    if (kind === 'email' && !isEmailFormat(usernameOrAlias)) continue;
    if (kind === 'phone_number' && !isPhoneFormat(usernameOrAlias)) continue;
    const found = await store.users.findUserByAlias(pool.id, kind, aliasKey(pool, kind, usernameOrAlias));
    if (found) return found;
  }
  return undefined;
}

/** {@link resolveUser}, or `UserNotFoundException: User does not exist.` */
export async function requireUser(store: Store, pool: PoolRecord, usernameOrAlias: string): Promise<UserRecord> {
  const user = await resolveUser(store, pool, usernameOrAlias);
  if (!user) throw new CognitoError('UserNotFoundException', 'User does not exist.');
  return user;
}
