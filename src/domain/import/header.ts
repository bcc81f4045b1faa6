/**
 * GetCSVHeader's columns: the standard attributes a user can have (not `sub`, not `identities`)
 * in AWS's order, the pool's custom attributes (developer-only ones excluded), then
 * `cognito:mfa_enabled` and `cognito:username`.
 */
import { poolConfigOf } from '../pools/pool-config.ts';
import type { PoolRecord } from '../../storage/ports/index.ts';

export const STANDARD_CSV_COLUMNS = [
  'name',
  'given_name',
  'family_name',
  'middle_name',
  'nickname',
  'preferred_username',
  'profile',
  'picture',
  'website',
  'email',
  'email_verified',
  'gender',
  'birthdate',
  'zoneinfo',
  'locale',
  'phone_number',
  'phone_number_verified',
  'address',
  'updated_at',
] as const;

export const MFA_COLUMN = 'cognito:mfa_enabled';
export const USERNAME_COLUMN = 'cognito:username';

/** The header row an import file of this pool must have (columns in any order). */
export function csvHeaderOf(pool: PoolRecord): string[] {
  const custom = poolConfigOf(pool)
    .SchemaAttributes.filter((a) => a.Name.startsWith('custom:') && !a.DeveloperOnlyAttribute)
    .map((a) => a.Name);
  return [...STANDARD_CSV_COLUMNS, ...custom, MFA_COLUMN, USERNAME_COLUMN];
}
