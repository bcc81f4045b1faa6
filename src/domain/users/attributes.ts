/**
 * User attribute writes checked against the pool schema (spec/semantics.md §2).
 *
 * Error messages (InvalidParameterException unless noted). Confirmed from AWS responses quoted in
 * public issues: `Invalid user attributes: user.<name>: Attribute does not exist in the schema.`,
 * `Cannot modify the non-mutable attribute sub`, `Invalid email address format.`,
 * `Invalid phone number format.`, `Invalid user attributes: <name>: Required attribute cannot be deleted.`,
 * `Attribute value for <name> must not be null`, and (NotAuthorizedException)
 * `A client attempted to write unauthorized attribute.`. A value the schema rejects (type,
 * length, range, birthdate) is AWS's `Attributes did not conform to the schema: <name>: <reason>\n`
 * (each item ending in a newline); the reasons' wording is not documented.
 */
import { CognitoError } from '../errors.ts';
import { poolConfigOf } from '../pools/pool-config.ts';
import { findSchemaAttribute, type SchemaAttribute } from '../pools/schema.ts';
import type { PoolRecord } from '../../storage/ports/index.ts';
import { isEmailFormat, isPhoneFormat } from './username.ts';

/** An attribute as the API carries it (`AttributeType`). */
export interface AttributeInput {
  Name: string;
  Value?: string;
}

export interface AttributeWriteOptions {
  /** `create`: a new user (immutable attributes may be set); `update`: an existing user (empty value deletes). */
  mode: 'create' | 'update';
  /** IAM-authenticated Admin* call: developer-only attributes are writable. */
  admin: boolean;
}

const invalidAttr = (name: string, reason: string): CognitoError => new CognitoError('InvalidParameterException', `Invalid user attributes: user.${name}: ${reason}`);
/** A value the schema rejects, in AWS's form: each `<name>: <reason>` item ends in a newline. */
const nonConforming = (name: string, reason: string): CognitoError => new CognitoError('InvalidParameterException', `Attributes did not conform to the schema: ${name}: ${reason}\n`);
const nonMutable = (name: string): CognitoError => new CognitoError('InvalidParameterException', `Cannot modify the non-mutable attribute ${name}`);
const unauthorizedAttribute = (): CognitoError => new CognitoError('NotAuthorizedException', 'A client attempted to write unauthorized attribute.');

/**
 * The schema entry an API attribute name refers to. Developer-only attributes are stored as
 * `dev:custom:<name>`; `custom:<name>` is accepted for them too.
 */
export function schemaAttributeOf(pool: PoolRecord, name: string): SchemaAttribute | undefined {
  const schema = poolConfigOf(pool).SchemaAttributes;
  return findSchemaAttribute(schema, name) ?? (name.startsWith('custom:') ? findSchemaAttribute(schema, `dev:${name}`) : undefined);
}

function schemaAttributeOrThrow(pool: PoolRecord, name: string): SchemaAttribute {
  const attr = schemaAttributeOf(pool, name);
  if (!attr) throw invalidAttr(name, 'Attribute does not exist in the schema.');
  return attr;
}

const NUMBER_RE = /^-?[0-9]+(\.[0-9]+)?$/;
const BIRTHDATE_RE = /^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

/** Checks one non-empty value against its schema entry; returns the stored form. */
function checkValue(attr: SchemaAttribute, value: string): string {
  const name = attr.Name;
  switch (attr.AttributeDataType) {
    case 'Boolean': {
      const v = value.toLowerCase();
      if (v !== 'true' && v !== 'false') throw nonConforming(name, 'Attribute value must be "true" or "false"');
      return v;
    }
    case 'Number': {
      if (!NUMBER_RE.test(value)) throw nonConforming(name, 'Attribute value must be a number');
      const n = Number(value);
      const { MinValue, MaxValue } = attr.NumberAttributeConstraints ?? {};
      if (MinValue !== undefined && n < Number(MinValue)) throw nonConforming(name, `Number must be no less than ${MinValue}`);
      if (MaxValue !== undefined && n > Number(MaxValue)) throw nonConforming(name, `Number must be no greater than ${MaxValue}`);
      return value;
    }
    case 'String': {
      const length = [...value].length;
      const { MinLength, MaxLength } = attr.StringAttributeConstraints ?? {};
      if (name === 'email' && !isEmailFormat(value)) throw new CognitoError('InvalidParameterException', 'Invalid email address format.');
      if (name === 'phone_number' && !isPhoneFormat(value)) throw new CognitoError('InvalidParameterException', 'Invalid phone number format.');
      if (name === 'birthdate' && !BIRTHDATE_RE.test(value)) throw nonConforming(name, 'Birthdate must be formatted as YYYY-MM-DD');
      if (MinLength !== undefined && length < Number(MinLength)) throw nonConforming(name, `String must be no shorter than ${MinLength} characters`);
      if (MaxLength !== undefined && length > Number(MaxLength)) throw nonConforming(name, `String must be no longer than ${MaxLength} characters`);
      return value;
    }
    default:
      return value;
  }
}

/**
 * Validates attribute writes; returns stored attribute name → stored value, where `''` means
 * "delete" (update mode only). Later duplicates win, as a map would.
 */
export function validateAttributeWrites(pool: PoolRecord, input: AttributeInput[], options: AttributeWriteOptions): Map<string, string> {
  const writes = new Map<string, string>();
  for (const { Name: name, Value: value } of input) {
    if (name === 'sub') throw nonMutable('sub');
    const attr = schemaAttributeOrThrow(pool, name);
    if (attr.DeveloperOnlyAttribute && !options.admin) throw unauthorizedAttribute();
    if (options.mode === 'update' && !attr.Mutable) throw nonMutable(name);
    if (value === undefined || value === '') {
      if (options.mode === 'create') {
        if (value === undefined) throw new CognitoError('InvalidParameterException', `Attribute value for ${name} must not be null`);
        continue;
      }
      writes.set(attr.Name, '');
      continue;
    }
    writes.set(attr.Name, checkValue(attr, value));
  }
  return writes;
}

/**
 * Validates AdminDeleteUserAttributes / DeleteUserAttributes names; returns the stored names.
 * `sub`, required and immutable attributes cannot be deleted.
 */
export function validateAttributeDeletes(pool: PoolRecord, names: string[], options: { admin: boolean }): string[] {
  const out: string[] = [];
  for (const name of names) {
    const attr = schemaAttributeOrThrow(pool, name);
    if (attr.Required) throw new CognitoError('InvalidParameterException', `Invalid user attributes: ${name}: Required attribute cannot be deleted.`);
    if (attr.DeveloperOnlyAttribute && !options.admin) throw unauthorizedAttribute();
    if (!attr.Mutable) throw nonMutable(name);
    out.push(attr.Name);
  }
  return out;
}

/** Contact attributes whose value changes move their `*_verified` flag. */
const CONTACTS = [
  ['email', 'email_verified'],
  ['phone_number', 'phone_number_verified'],
] as const;

export interface AppliedAttributes {
  attributes: Record<string, string>;
  /** Contact attributes (email / phone_number) whose value changed to a new non-empty value. */
  changedContacts: Array<'email' | 'phone_number'>;
}

/**
 * Applies validated writes to a user's attributes: `''` deletes; deleting email / phone_number
 * also drops its `*_verified` flag; changing one marks it unverified (`"false"`) unless the same
 * request sets the flag (AWS: admins may set `*_verified` directly). Then checks that a
 * `*_verified="true"` flag has its value.
 */
export function applyAttributeWrites(current: Record<string, string>, writes: Map<string, string>): AppliedAttributes {
  const next: Record<string, string> = { ...current };
  for (const [name, value] of writes) {
    if (value === '') delete next[name];
    else next[name] = value;
  }
  const changedContacts: AppliedAttributes['changedContacts'] = [];
  for (const [contact, flag] of CONTACTS) {
    if (!writes.has(contact)) continue;
    const value = next[contact];
    if (value === undefined) {
      if (!writes.has(flag)) delete next[flag];
      continue;
    }
    if (value !== current[contact]) {
      changedContacts.push(contact);
      if (!writes.has(flag)) next[flag] = 'false';
    }
  }
  checkVerifiedFlags(next);
  return { attributes: next, changedContacts };
}

/** `email_verified` / `phone_number_verified` = "true" need the attribute they vouch for. */
export function checkVerifiedFlags(attributes: Record<string, string>): void {
  for (const [contact, flag] of CONTACTS) {
    if (attributes[flag] === 'true' && !attributes[contact]) {
      throw new CognitoError('InvalidParameterException', `Invalid user attributes: user.${flag}: ${flag} cannot be true without a ${contact}.`);
    }
  }
}

/** Removes attributes by stored name (after {@link validateAttributeDeletes}); removing a contact drops its flag. */
export function deleteAttributes(current: Record<string, string>, names: string[]): Record<string, string> {
  const next: Record<string, string> = { ...current };
  for (const name of names) {
    delete next[name];
    for (const [contact, flag] of CONTACTS) if (name === contact) delete next[flag];
  }
  return next;
}
