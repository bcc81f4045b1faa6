/**
 * Usernames and sign-in identifiers (spec/semantics.md §2.3): normalisation, the formats AWS
 * recognises as email / phone number, and the rules UsernameAttributes / AliasAttributes pools
 * put on a new Username.
 */
import { CognitoError } from '../errors.ts';
import { poolConfigOf, type PoolConfig } from '../pools/pool-config.ts';
import type { AliasKind, PoolRecord } from '../../storage/ports/index.ts';

/** Loose email shape, as Cognito checks it: something@something, no whitespace. */
const EMAIL_RE = /^[^\s@]+@[^\s@]+$/u;
/** E.164: "+" then 1–15 digits (Cognito: `+14325551212`). */
const PHONE_RE = /^\+[0-9]{1,15}$/;

export const isEmailFormat = (value: string): boolean => EMAIL_RE.test(value);
export const isPhoneFormat = (value: string): boolean => PHONE_RE.test(value);

function configOf(pool: PoolRecord | PoolConfig): PoolConfig {
  return 'SchemaAttributes' in pool ? pool : poolConfigOf(pool);
}

/** Whether usernames (and the email / preferred_username aliases) compare case-sensitively. */
export function isCaseSensitive(pool: PoolRecord | PoolConfig): boolean {
  return configOf(pool).UsernameConfiguration?.CaseSensitive === true;
}

/** The key a username is stored and looked up under: lower-cased unless the pool is case-sensitive. */
export function usernameKey(pool: PoolRecord | PoolConfig, username: string): string {
  return isCaseSensitive(pool) ? username : username.toLowerCase();
}

/** Sign-in identifiers of the pool: `UsernameAttributes` (email/phone as username). */
export function usernameAttributesOf(pool: PoolRecord | PoolConfig): Array<'email' | 'phone_number'> {
  return (configOf(pool).UsernameAttributes ?? []).filter((a): a is 'email' | 'phone_number' => a === 'email' || a === 'phone_number');
}

/** Alias attributes of the pool (`AliasAttributes`). */
export function aliasAttributesOf(pool: PoolRecord | PoolConfig): AliasKind[] {
  return (configOf(pool).AliasAttributes ?? []).filter((a): a is AliasKind => a === 'email' || a === 'phone_number' || a === 'preferred_username');
}

/**
 * The normalised form an alias value is stored and looked up under: email and preferred_username
 * are lower-cased in case-insensitive pools; phone numbers are kept as written.
 */
export function aliasKey(pool: PoolRecord | PoolConfig, kind: AliasKind, value: string): string {
  if (kind === 'phone_number') return value;
  return isCaseSensitive(pool) ? value : value.toLowerCase();
}

/** What a new user's Username turns into. */
export interface NewUsername {
  /** The Username stored (the sub for email/phone-as-username pools). */
  username: string;
  /** Attribute the given Username is stored in, for email/phone-as-username pools. */
  attribute?: { name: 'email' | 'phone_number'; value: string };
}

/**
 * Checks a Username for AdminCreateUser / SignUp against the pool's sign-in settings.
 * `sub` is the new user's sub: in email/phone-as-username pools it becomes the Username.
 *
 * Errors (InvalidParameterException):
 * - `Username should be either an email or a phone number.` / `Username should be an email.` /
 *   `Username should be a phone number.` (UsernameAttributes pools)
 * - `Username cannot be of email format, since user pool is configured for email alias.` and the
 *   phone-number equivalent (AliasAttributes pools)
 */
export function prepareNewUsername(pool: PoolRecord | PoolConfig, username: string, sub: string): NewUsername {
  const asUsername = usernameAttributesOf(pool);
  if (asUsername.length > 0) {
    const email = asUsername.includes('email') && isEmailFormat(username);
    const phone = asUsername.includes('phone_number') && isPhoneFormat(username);
    if (email) return { username: sub, attribute: { name: 'email', value: username } };
    if (phone) return { username: sub, attribute: { name: 'phone_number', value: username } };
    if (asUsername.length === 2) throw new CognitoError('InvalidParameterException', 'Username should be either an email or a phone number.');
    throw new CognitoError('InvalidParameterException', asUsername[0] === 'email' ? 'Username should be an email.' : 'Username should be a phone number.');
  }
  const aliases = aliasAttributesOf(pool);
  if (aliases.includes('email') && isEmailFormat(username)) {
    throw new CognitoError('InvalidParameterException', 'Username cannot be of email format, since user pool is configured for email alias.');
  }
  if (aliases.includes('phone_number') && isPhoneFormat(username)) {
    throw new CognitoError('InvalidParameterException', 'Username cannot be of phone number format, since user pool is configured for phone number alias.');
  }
  return { username };
}
