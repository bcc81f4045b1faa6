/**
 * Users back into the import CSV format (`userpool export`): GetCSVHeader's columns, values
 * escaped as the import reads them, `birthdate` as mm/dd/yyyy. A file exported from one pool
 * imports into another with the same schema.
 */
import { usernameAttributesOf } from '../users/username.ts';
import type { PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { escapeCsvValue } from './csv.ts';
import { MFA_COLUMN, USERNAME_COLUMN } from './header.ts';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * The sign-in name an import of this user needs: the Username, or in email/phone-as-username
 * pools (where the Username is the sub) the email / phone number.
 */
export function importUsernameOf(pool: PoolRecord, user: UserRecord): string {
  for (const kind of usernameAttributesOf(pool)) {
    const v = user.attributes[kind];
    if (v !== undefined && v !== '') return v;
  }
  return user.username;
}

/** One CSV line (no line break) for `user` with the columns of `header`. */
export function exportRow(pool: PoolRecord, header: readonly string[], user: UserRecord): string {
  return header
    .map((col) => {
      if (col === USERNAME_COLUMN) return escapeCsvValue(importUsernameOf(pool, user));
      // Blank = "as the pool requires"; true only for users with MFA on.
      if (col === MFA_COLUMN) return user.mfaOptions && user.mfaOptions.length > 0 ? 'true' : '';
      const v = user.attributes[col];
      if (v === undefined) return '';
      if (col === 'birthdate') {
        const m = ISO_DATE.exec(v);
        return m ? `${m[2]}/${m[3]}/${m[1]}` : escapeCsvValue(v);
      }
      return escapeCsvValue(v);
    })
    .join(',');
}
