import { CognitoError } from '../errors.ts';

/** AWS's SchemaAttributeType (constraint numbers are strings on the wire). */
export interface SchemaAttribute {
  Name: string;
  AttributeDataType: 'String' | 'Number' | 'DateTime' | 'Boolean';
  DeveloperOnlyAttribute: boolean;
  Mutable: boolean;
  Required: boolean;
  StringAttributeConstraints?: { MinLength?: string; MaxLength?: string };
  NumberAttributeConstraints?: { MinValue?: string; MaxValue?: string };
}

const str = (name: string, min = '0', max = '2048', mutable = true, required = false): SchemaAttribute => ({
  Name: name,
  AttributeDataType: 'String',
  DeveloperOnlyAttribute: false,
  Mutable: mutable,
  Required: required,
  StringAttributeConstraints: { MinLength: min, MaxLength: max },
});

/** The standard (OIDC) attributes every pool has, in the order DescribeUserPool lists them. */
export function standardSchema(): SchemaAttribute[] {
  return [
    str('sub', '1', '2048', false, true),
    str('name'),
    str('given_name'),
    str('family_name'),
    str('middle_name'),
    str('nickname'),
    str('preferred_username'),
    str('profile'),
    str('picture'),
    str('website'),
    str('email'),
    { Name: 'email_verified', AttributeDataType: 'Boolean', DeveloperOnlyAttribute: false, Mutable: true, Required: false },
    str('gender'),
    str('birthdate', '10', '10'),
    str('zoneinfo'),
    str('locale'),
    str('phone_number'),
    { Name: 'phone_number_verified', AttributeDataType: 'Boolean', DeveloperOnlyAttribute: false, Mutable: true, Required: false },
    str('address'),
    { Name: 'updated_at', AttributeDataType: 'Number', DeveloperOnlyAttribute: false, Mutable: true, Required: false, NumberAttributeConstraints: { MinValue: '0' } },
    str('identities'),
  ];
}

const STANDARD_NAMES = new Set(standardSchema().map((a) => a.Name));
export const isStandardAttribute = (name: string): boolean => STANDARD_NAMES.has(name);
export const MAX_CUSTOM_ATTRIBUTES = 50;

export interface SchemaInput {
  Name?: string;
  AttributeDataType?: string;
  DeveloperOnlyAttribute?: boolean;
  Mutable?: boolean;
  Required?: boolean;
  StringAttributeConstraints?: { MinLength?: string; MaxLength?: string };
  NumberAttributeConstraints?: { MinValue?: string; MaxValue?: string };
}

function checkIntString(v: string | undefined, what: string): void {
  if (v !== undefined && !/^-?\d+$/.test(v)) throw new CognitoError('InvalidParameterException', `${what} must be an integer, got "${v}".`);
}

/** String constraints checked as AWS checks them: integers given as strings, 0 ≤ MinLength ≤ MaxLength ≤ 2048. */
function stringConstraints(name: string, c: { MinLength?: string; MaxLength?: string }, defaults: { MinLength?: string; MaxLength?: string }): { MinLength: string; MaxLength: string } {
  checkIntString(c.MinLength, 'MinLength');
  checkIntString(c.MaxLength, 'MaxLength');
  const min = c.MinLength ?? defaults.MinLength ?? '0';
  const max = c.MaxLength ?? defaults.MaxLength ?? '2048';
  if (Number(max) > 2048 || Number(min) < 0 || Number(min) > Number(max)) {
    throw new CognitoError('InvalidParameterException', `Invalid StringAttributeConstraints for ${name}: length must be within 0 and 2048 and MinLength ≤ MaxLength.`);
  }
  return { MinLength: min, MaxLength: max };
}

/** Number constraints: integers given as strings, MinValue ≤ MaxValue; only the given bounds are kept. */
function numberConstraints(name: string, c: { MinValue?: string; MaxValue?: string }, defaults: { MinValue?: string; MaxValue?: string }): { MinValue?: string; MaxValue?: string } {
  checkIntString(c.MinValue, 'MinValue');
  checkIntString(c.MaxValue, 'MaxValue');
  const merged = { ...defaults, ...c };
  if (merged.MinValue !== undefined && merged.MaxValue !== undefined && Number(merged.MinValue) > Number(merged.MaxValue)) {
    throw new CognitoError('InvalidParameterException', `Invalid NumberAttributeConstraints for ${name}: MinValue is greater than MaxValue.`);
  }
  const nc: { MinValue?: string; MaxValue?: string } = {};
  if (merged.MinValue !== undefined) nc.MinValue = merged.MinValue;
  if (merged.MaxValue !== undefined) nc.MaxValue = merged.MaxValue;
  return nc;
}

/** A custom attribute definition as stored: name prefixed `custom:` (or `dev:custom:` when developer-only). */
export function customAttributeFromInput(a: SchemaInput): SchemaAttribute {
  // AWS prefixes whatever name it is given: `dept` becomes `custom:dept`, `custom:dept` becomes
  // `custom:custom:dept` (as Cognito itself does; the model limits the given name to 1–20 characters).
  const name = a.Name ?? '';
  if (name === '') throw new CognitoError('InvalidParameterException', 'Custom attribute name is required.');
  if (name.length > 20) throw new CognitoError('InvalidParameterException', `Custom attribute name ${name} must be 1 to 20 characters.`);
  if (a.Required) throw new CognitoError('InvalidParameterException', 'Required custom attributes are not supported currently.');
  const type = (a.AttributeDataType ?? 'String') as SchemaAttribute['AttributeDataType'];
  const attr: SchemaAttribute = {
    Name: `${a.DeveloperOnlyAttribute ? 'dev:' : ''}custom:${name}`,
    AttributeDataType: type,
    DeveloperOnlyAttribute: a.DeveloperOnlyAttribute ?? false,
    Mutable: a.Mutable ?? true,
    Required: false,
  };
  if (type === 'String') attr.StringAttributeConstraints = stringConstraints(attr.Name, a.StringAttributeConstraints ?? {}, {});
  else if (type === 'Number') attr.NumberAttributeConstraints = numberConstraints(attr.Name, a.NumberAttributeConstraints ?? {}, {});
  return attr;
}

/**
 * A standard attribute as a CreateUserPool `Schema` entry redefines it: `Required`, `Mutable` and
 * the constraints (checked as a custom attribute's are) may change; type and developer-only may
 * not (AWS's text, CreateUserPool API reference / "User pool attributes" developer guide page).
 */
function redefineStandard(std: SchemaAttribute, a: SchemaInput): void {
  if ((a.AttributeDataType !== undefined && a.AttributeDataType !== std.AttributeDataType) || a.DeveloperOnlyAttribute === true) {
    throw new CognitoError('InvalidParameterException', `You can not change AttributeDataType or set developerOnlyAttribute for standard schema attribute ${std.Name}`);
  }
  if (a.Required !== undefined) std.Required = a.Required;
  if (a.Mutable !== undefined) std.Mutable = a.Mutable;
  if (a.StringAttributeConstraints && std.AttributeDataType === 'String') {
    std.StringAttributeConstraints = stringConstraints(std.Name, a.StringAttributeConstraints, std.StringAttributeConstraints ?? {});
  }
  if (a.NumberAttributeConstraints && std.AttributeDataType === 'Number') {
    std.NumberAttributeConstraints = numberConstraints(std.Name, a.NumberAttributeConstraints, std.NumberAttributeConstraints ?? {});
  }
}

/**
 * The schema of a new pool: the standard attributes (with `Required`/`Mutable` as the request
 * sets them) followed by custom attributes.
 */
export function buildSchema(input: SchemaInput[] | undefined): SchemaAttribute[] {
  const schema = standardSchema();
  const seen = new Set<string>();
  for (const a of input ?? []) {
    const name = a.Name ?? '';
    if (seen.has(name)) throw new CognitoError('InvalidParameterException', `Duplicate attribute name ${name} in the schema.`);
    seen.add(name);
    const std = schema.find((s) => s.Name === name);
    if (std) {
      if (name !== 'sub') redefineStandard(std, a);
      continue;
    }
    schema.push(customAttributeFromInput(a));
  }
  if (schema.length - STANDARD_NAMES.size > MAX_CUSTOM_ATTRIBUTES) {
    throw new CognitoError('InvalidParameterException', `A user pool can have at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes.`);
  }
  return schema;
}

/** Schema lookup by the name used in the API (`email`, `custom:dept`, `dev:custom:x`). */
export function findSchemaAttribute(schema: SchemaAttribute[], name: string): SchemaAttribute | undefined {
  return schema.find((a) => a.Name === name);
}

/**
 * AddCustomAttributes: the schema with `input` appended (≤ 25 per call by the model, ≤ 50 custom
 * attributes per pool). A name that already exists, or repeats within the call, is rejected as
 * AWS does: `custom:dept: Existing attribute already has name custom:dept.`
 */
export function addCustomAttributes(schema: SchemaAttribute[], input: SchemaInput[]): SchemaAttribute[] {
  const next = [...schema];
  const names = new Set(schema.map((a) => a.Name));
  for (const a of input) {
    const attr = customAttributeFromInput(a);
    // `custom:x` and `dev:custom:x` share one name space.
    const bare = attr.Name.replace(/^dev:/, '');
    if (names.has(bare) || names.has(`dev:${bare}`)) throw new CognitoError('InvalidParameterException', `${attr.Name}: Existing attribute already has name ${attr.Name}.`);
    names.add(attr.Name);
    next.push(attr);
  }
  if (next.filter((a) => !STANDARD_NAMES.has(a.Name)).length > MAX_CUSTOM_ATTRIBUTES) {
    throw new CognitoError('InvalidParameterException', `A user pool can have at most ${MAX_CUSTOM_ATTRIBUTES} custom attributes.`);
  }
  return next;
}
