/**
 * Row rules of a user import file (spec/semantics.md §7, AWS "Formatting the CSV file"): the
 * header must hold exactly GetCSVHeader's columns (any order); each row needs `cognito:username`
 * (no spaces or tabs) and a true auto-verified attribute (`email_verified` / `phone_number_verified`
 * with the email / phone number present); `cognito:mfa_enabled` must agree with the pool's MFA
 * setting (blank = the pool's); `birthdate` is mm/dd/yyyy; `updated_at` epoch seconds; booleans
 * case-insensitive; values must fit the pool's schema; the pool's required attributes must be set.
 *
 * A header problem fails the whole job; a row problem fails that row only. Messages never contain
 * user data (the log is readable without it, as CloudWatch's import log).
 */
import { randomUUID } from 'node:crypto';
import { CognitoError } from '../errors.ts';
import { poolConfigOf, type PoolConfig } from '../pools/pool-config.ts';
import { validateAttributeWrites, type AttributeInput } from '../users/attributes.ts';
import { newUserRecord } from '../users/new-user.ts';
import { isEmailFormat, isPhoneFormat, prepareNewUsername, usernameKey } from '../users/username.ts';
import type { PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { csvHeaderOf, MFA_COLUMN, USERNAME_COLUMN } from './header.ts';

export const MESSAGE_NOT_AUTO_VERIFIED = 'The User Record does not set any of the auto verified attributes to true. (Example: email_verified to true).';
export const MESSAGE_USER_EXISTS = 'The user already exists.';

/** Everything needed to turn rows of one file into users of one pool, computed once per job. */
export interface ImportPlan {
  pool: PoolRecord;
  config: PoolConfig;
  /** Number of columns every row must have. */
  width: number;
  usernameIdx: number;
  mfaIdx: number;
  /** Attribute columns in header order, with the import-specific format conversions. */
  attributes: Array<{ idx: number; name: string; check?: (value: string) => string | { error: string } }>;
  autoVerified: Array<'email' | 'phone_number'>;
  required: string[];
}

export type PlanResult = { plan: ImportPlan } | { error: string };
export type RowResult = { user: UserRecord } | { failed: string };

const list = (names: string[]): string => (names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', '));

const BOOL_RE = /^(true|false)$/i;
const BIRTHDATE_RE = /^(\d{2})\/(\d{2})\/(\d{4})$/;
const USERNAME_RE = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;

/** The import's own formats, turned into the API's before the pool's schema checks them. */
function checkFor(name: string): ((value: string) => string | { error: string }) | undefined {
  if (name === 'birthdate') {
    return (v) => {
      const m = BIRTHDATE_RE.exec(v);
      if (!m) return { error: 'birthdate must be in the format mm/dd/yyyy.' };
      const [, mm, dd, yyyy] = m as unknown as [string, string, string, string];
      const d = new Date(Date.UTC(Number(yyyy), Number(mm) - 1, Number(dd)));
      if (d.getUTCMonth() !== Number(mm) - 1 || d.getUTCDate() !== Number(dd)) return { error: 'birthdate is not a valid date (mm/dd/yyyy).' };
      return `${yyyy}-${mm}-${dd}`;
    };
  }
  if (name === 'updated_at') return (v) => (/^\d+$/.test(v) ? v : { error: 'updated_at must be a time in seconds since the epoch.' });
  return undefined;
}

/**
 * Checks a header row against the pool's GetCSVHeader columns and prepares the row checks; an
 * error (the job fails) when a column is missing, unknown or repeated.
 */
export function planImport(pool: PoolRecord, header: string[]): PlanResult {
  const expected = csvHeaderOf(pool);
  const names = header.map((h) => h.trim());
  const seen = new Set<string>();
  const repeated = names.filter((n) => (seen.has(n) ? true : (seen.add(n), false)));
  const missing = expected.filter((n) => !seen.has(n));
  const unknown = names.filter((n) => !expected.includes(n));
  if (missing.length > 0 || unknown.length > 0 || repeated.length > 0) {
    const parts: string[] = [];
    if (missing.length > 0) parts.push(`missing ${list(missing)}`);
    if (unknown.length > 0) parts.push(`not in the user pool ${list(unknown)}`);
    if (repeated.length > 0) parts.push(`repeated ${list([...new Set(repeated)])}`);
    return { error: `The CSV header does not match the user pool's attributes (GetCSVHeader): ${parts.join('; ')}.` };
  }
  const config = poolConfigOf(pool);
  const attributes: ImportPlan['attributes'] = [];
  names.forEach((name, idx) => {
    if (name === USERNAME_COLUMN || name === MFA_COLUMN) return;
    const check = checkFor(name);
    attributes.push({ idx, name, ...(check ? { check } : {}) });
  });
  const autoVerified = (config.AutoVerifiedAttributes ?? []).filter((a): a is 'email' | 'phone_number' => a === 'email' || a === 'phone_number');
  const required = config.SchemaAttributes.filter((a) => a.Required && a.Name !== 'sub' && expected.includes(a.Name)).map((a) => a.Name);
  return { plan: { pool, config, width: names.length, usernameIdx: names.indexOf(USERNAME_COLUMN), mfaIdx: names.indexOf(MFA_COLUMN), attributes, autoVerified, required } };
}

/** A user pool can only import when it auto-verifies email or phone number (AWS: otherwise the job does not start). */
export function importPrecondition(pool: PoolRecord): string | undefined {
  const auto = poolConfigOf(pool).AutoVerifiedAttributes ?? [];
  if (!auto.includes('email') && !auto.includes('phone_number')) {
    return 'The user pool has no auto-verified attributes: set AutoVerifiedAttributes to email and/or phone_number to import users.';
  }
  return undefined;
}

/** One data row → the new user (RESET_REQUIRED, no password, new sub), or why it fails. */
export function buildImportedUser(plan: ImportPlan, fields: string[], now: number): RowResult {
  if (fields.length !== plan.width) {
    return { failed: `The row has ${fields.length} values but the header has ${plan.width} columns (write a comma inside a value as \\,).` };
  }
  const rawUsername = fields[plan.usernameIdx]!;
  if (rawUsername === '') return { failed: 'The cognito:username value is missing.' };
  if (/[ \t]/.test(rawUsername)) return { failed: 'The cognito:username value cannot contain spaces or tabs.' };
  if (rawUsername.length > 128 || !USERNAME_RE.test(rawUsername)) return { failed: 'The cognito:username value must be 1 to 128 letters, marks, symbols, numbers or punctuation.' };

  const given: AttributeInput[] = [];
  for (const a of plan.attributes) {
    const raw = fields[a.idx]!;
    if (raw === '') continue;
    const v = a.check ? a.check(raw) : raw;
    if (typeof v !== 'string') return { failed: v.error };
    given.push({ Name: a.name, Value: v });
  }
  // The pool's schema rules, exactly as AdminCreateUser applies them (types, lengths, formats).
  let attributes: Record<string, string>;
  try {
    attributes = Object.fromEntries(validateAttributeWrites(plan.pool, given, { mode: 'create', admin: true }));
  } catch (err) {
    if (err instanceof CognitoError) return { failed: err.message };
    throw err;
  }

  const mfaRaw = fields[plan.mfaIdx]!;
  const mfaConfig = plan.config.MfaConfiguration;
  let mfa: boolean;
  if (mfaRaw === '') mfa = mfaConfig === 'ON';
  else if (!BOOL_RE.test(mfaRaw)) return { failed: 'cognito:mfa_enabled must be true, false or blank.' };
  else mfa = mfaRaw.toLowerCase() === 'true';
  if (mfaConfig === 'ON' && !mfa) return { failed: 'cognito:mfa_enabled must be true or blank: MFA is required in this user pool.' };
  if (mfaConfig === 'OFF' && mfa) return { failed: 'cognito:mfa_enabled must be false or blank: MFA is off in this user pool.' };

  const sub = randomUUID();
  let username: string;
  try {
    const prepared = prepareNewUsername(plan.config, rawUsername, sub);
    username = prepared.username;
    if (prepared.attribute) {
      const { name, value } = prepared.attribute;
      const stated = attributes[name];
      if (stated !== undefined && usernameKey(plan.config, stated) !== usernameKey(plan.config, value)) {
        return { failed: `User ${name === 'email' ? 'email' : 'phone number'} should be empty or same as username, since username attribute is ${name}.` };
      }
      attributes[name] = stated ?? value;
    }
  } catch (err) {
    if (err instanceof CognitoError) return { failed: err.message };
    throw err;
  }

  if (attributes['email_verified'] === 'true' && attributes['email'] === undefined) return { failed: 'email_verified is true but the email attribute is empty.' };
  if (attributes['phone_number_verified'] === 'true' && attributes['phone_number'] === undefined) {
    return { failed: 'phone_number_verified is true but the phone_number attribute is empty.' };
  }
  const verified = plan.autoVerified.length === 1
    ? attributes[`${plan.autoVerified[0]}_verified`] === 'true'
    : plan.autoVerified.some((a) => attributes[`${a}_verified`] === 'true');
  if (!verified) return { failed: MESSAGE_NOT_AUTO_VERIFIED };
  for (const name of plan.required) {
    if (attributes[name] === undefined) return { failed: `The attribute ${name} is required by the user pool's schema.` };
  }

  const user = newUserRecord(plan.pool, { sub, username, status: 'RESET_REQUIRED', attributes, now });
  if (mfa && attributes['phone_number'] !== undefined) user.mfaOptions = [{ DeliveryMedium: 'SMS', AttributeName: 'phone_number' }];
  return { user };
}
