/**
 * ListUsers: a parsed filter ({@link parseUserFilter}) turned into the indexed storage query, and
 * the keyset cursor of a page (its position and how ListUsers tokens carry it).
 */
import type { UserQuery, UserRecord } from '../../storage/ports/index.ts';
import type { PoolRecord } from '../../storage/ports/index.ts';
import type { CursorCodec } from '../paging.ts';
import type { UserFilter } from './filter.ts';
import { isCaseSensitive } from './username.ts';

type Column = NonNullable<UserQuery['column']>;

const LOWER_CASED_COLUMNS: Partial<Record<UserFilter['attribute'], Column>> = {
  email: 'email_lc',
  phone_number: 'phone_number_lc',
  name: 'name_lc',
  given_name: 'given_name_lc',
  family_name: 'family_name_lc',
  preferred_username: 'preferred_username_lc',
};

/** The storage filter, `undefined` for "no filter", or `'none'` when no user can match. */
export type ListFilter = Pick<UserQuery, 'column' | 'op' | 'value'> | undefined | 'none';

/**
 * Maps a ListUsers filter to a column of `users`:
 * - `username` → `username_key` (lower-cased value unless the pool is case-sensitive);
 * - email, phone_number, name, given_name, family_name, preferred_username → their lower-cased
 *   copies (searches are case-insensitive);
 * - `cognito:user_status` → `status` (upper-cased: statuses are upper-case names);
 * - `status` (case-sensitive) → `enabled`: `Enabled` → 1, `Disabled` → 0;
 * - `sub` → `sub` (lower-cased: subs are lower-case UUIDs).
 * Values are bound as parameters and prefixes become index ranges, so `%`, `_`, quotes and
 * backslashes match literally.
 */
export function listFilterOf(pool: PoolRecord, filter: UserFilter | undefined): ListFilter {
  if (filter === undefined) return undefined;
  const { attribute, op, value } = filter;
  if (attribute === 'status') {
    const matches = (['Enabled', 'Disabled'] as const).filter((s) => (op === 'equals' ? s === value : s.startsWith(value)));
    if (matches.length === 0) return 'none';
    if (matches.length === 2) return undefined;
    return { column: 'enabled', op: 'equals', value: matches[0] === 'Enabled' ? 1 : 0 };
  }
  const lc = LOWER_CASED_COLUMNS[attribute];
  if (lc !== undefined) return { column: lc, op, value: value.toLowerCase() };
  switch (attribute) {
    case 'username':
      return { column: 'username_key', op, value: isCaseSensitive(pool) ? value : value.toLowerCase() };
    case 'cognito:user_status':
      return { column: 'status', op, value: value.toUpperCase() };
    case 'sub':
      return { column: 'sub', op, value: value.toLowerCase() };
    default:
      return 'none';
  }
}

type UserAfter = NonNullable<UserQuery['after']>;

/** ListUsers tokens' cursor: `{ v: <filtered column's value>, s: <row number> }`, no `v` when unfiltered. */
export const USER_CURSOR: CursorCodec<UserAfter> = {
  write: (after) => (after.value === undefined ? { s: after.seq } : { v: after.value, s: after.seq }),
  read: (cursor) => {
    const seq = cursor['s'];
    if (typeof seq !== 'number') return undefined;
    const value = cursor['v'];
    return value === undefined ? { seq } : { value, seq };
  },
};

/** The keyset position after `user`: the filtered column's value (when filtered) and the row number. */
export function cursorAfter(user: Pick<UserRecord, 'seq' | 'usernameKey' | 'sub' | 'status' | 'enabled' | 'attributes'>, column: UserQuery['column']): UserAfter {
  const seq = user.seq ?? 0;
  switch (column) {
    case undefined:
      return { seq };
    case 'username_key':
      return { value: user.usernameKey, seq };
    case 'sub':
      return { value: user.sub, seq };
    case 'status':
      return { value: user.status, seq };
    case 'enabled':
      return { value: user.enabled ? 1 : 0, seq };
    default: {
      const attr = column.slice(0, -'_lc'.length);
      return { value: (user.attributes[attr] ?? '').toLowerCase(), seq };
    }
  }
}
