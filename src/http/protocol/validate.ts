import { modelShapes, type ShapeKind } from '../../generated/model.ts';
import { operations, type OperationName } from '../../generated/operations.ts';
import { CognitoError, MAX_QUOTED_VALUE, clip } from '../../domain/errors.ts';

/**
 * Table-driven input validation, in two passes as AWS does: first the JSON types (the first
 * mismatch is a `SerializationException`), then every constraint of the model (all violations
 * in one `InvalidParameterException`, in AWS's exact wording).
 */

interface Member {
  readonly name: string;
  /** AWS reports member paths with only the first letter lowercased (`sMSMfaSettings`). */
  readonly pathName: string;
  readonly required: boolean;
  readonly node: Node;
}

interface Node {
  readonly shape: string;
  readonly kind: ShapeKind;
  readonly sensitive: boolean;
  readonly min: number | undefined;
  readonly max: number | undefined;
  readonly regex: RegExp | undefined;
  readonly pattern: string | undefined;
  readonly enumSet: ReadonlySet<string> | undefined;
  readonly enumText: string | undefined;
  members: readonly Member[];
  element: Node | undefined;
  key: Node | undefined;
  value: Node | undefined;
  /** Constraint list quoted when an element, map key or map value fails: `[Member must …, …]`. */
  elementText: string | undefined;
  keyText: string | undefined;
  valueText: string | undefined;
}

const SCALARS: ReadonlySet<ShapeKind> = new Set(['string', 'integer', 'long', 'boolean', 'timestamp', 'blob']);

// PasswordType's `[\S]+` as a whole-value match would reject inner spaces, which are legal in
// passwords; it only has to occur somewhere (so empty and all-blank passwords still fail).
const SEARCH_PATTERN_SHAPES: ReadonlySet<string> = new Set(['PasswordType']);

const regexCache = new Map<string, RegExp>();

/**
 * The model's patterns are Java regular expressions that AWS matches against the whole value
 * (`wholeValue = false` compiles a search for the pattern anywhere instead). JS has no inline
 * flag groups, so a leading `(?s)` / `(?i)` becomes a RegExp flag; the `u` flag is needed for
 * `\p{L}` and friends. Cached per pattern.
 */
export function compilePattern(pattern: string, wholeValue = true): RegExp {
  const cacheKey = wholeValue ? pattern : `search:${pattern}`;
  const cached = regexCache.get(cacheKey);
  if (cached !== undefined) return cached;
  let body = pattern;
  let flags = 'u';
  const inline = /^\(\?([a-z]+)\)/.exec(body);
  if (inline !== null) {
    for (const f of inline[1] ?? '') {
      if (f !== 's' && f !== 'i') throw new Error(`unsupported inline regex flag (?${f}) in model pattern ${pattern}`);
      if (!flags.includes(f)) flags += f;
    }
    body = body.slice(inline[0].length);
  }
  const regex = new RegExp(wholeValue ? `^(?:${body})$` : body, flags);
  regexCache.set(cacheKey, regex);
  return regex;
}

const nodes = new Map<string, Node>();

function nodeFor(shape: string): Node {
  const existing = nodes.get(shape);
  if (existing !== undefined) return existing;
  const m = modelShapes[shape];
  if (m === undefined) throw new Error(`shape ${shape} is missing from the generated model`);
  const pattern = m.pattern;
  const node: Node = {
    shape,
    kind: m.kind,
    sensitive: m.sensitive === true,
    min: m.min,
    max: m.max,
    regex: pattern !== undefined ? compilePattern(pattern, !SEARCH_PATTERN_SHAPES.has(shape)) : undefined,
    pattern,
    enumSet: m.enum !== undefined ? new Set(m.enum) : undefined,
    enumText: m.enum !== undefined ? `[${m.enum.join(', ')}]` : undefined,
    members: [],
    element: undefined,
    key: undefined,
    value: undefined,
    elementText: undefined,
    keyText: undefined,
    valueText: undefined,
  };
  // Registered before the children are built, so recursive shapes terminate.
  nodes.set(shape, node);
  if (m.kind === 'structure') {
    const required = new Set(m.required ?? []);
    node.members = Object.entries(m.members ?? {}).map(([name, target]) => ({
      name,
      pathName: name.charAt(0).toLowerCase() + name.slice(1),
      required: required.has(name),
      node: nodeFor(target),
    }));
  } else if (m.kind === 'list' && m.member !== undefined) {
    node.element = nodeFor(m.member);
    node.elementText = constraintList(node.element, true);
  } else if (m.kind === 'map' && m.key !== undefined && m.value !== undefined) {
    node.key = nodeFor(m.key);
    node.value = nodeFor(m.value);
    node.keyText = constraintList(node.key, true);
    node.valueText = constraintList(node.value, false);
  }
  return node;
}

const roots = new Map<OperationName, Node>();

function rootFor(operation: OperationName): Node {
  let root = roots.get(operation);
  if (root === undefined) {
    root = nodeFor(operations[operation].input);
    roots.set(operation, root);
  }
  return root;
}

// ---------------------------------------------------------------------------------------------
// Pass 1: JSON types

const TYPE_NAMES: Record<ShapeKind, string> = {
  structure: 'a Structure',
  list: 'a List',
  map: 'a Map',
  string: 'a String',
  integer: 'an Integer',
  long: 'a Long',
  boolean: 'a Boolean',
  timestamp: 'a Timestamp',
  blob: 'a Blob',
  document: 'a Document',
};

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeError(node: Node, value: unknown): CognitoError {
  let message: string;
  if (Array.isArray(value)) message = 'Start of list found where not expected.';
  else if (typeof value === 'object' && value !== null) message = 'Start of structure or map found where not expected.';
  else {
    const token =
      typeof value === 'string' ? 'STRING_VALUE' : typeof value === 'number' ? 'NUMBER_VALUE' : value === true ? 'TRUE_VALUE' : 'FALSE_VALUE';
    message = `${token} can not be converted to ${TYPE_NAMES[node.kind]}`;
  }
  return new CognitoError('SerializationException', message);
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/** Checks JSON types and returns a copy without unknown members and without null members. */
function clean(node: Node, value: unknown): unknown {
  switch (node.kind) {
    case 'structure': {
      if (!isPlainObject(value)) throw typeError(node, value);
      const out: Record<string, unknown> = {};
      for (const member of node.members) {
        const v = value[member.name];
        if (v === undefined || v === null) continue;
        out[member.name] = clean(member.node, v);
      }
      return out;
    }
    case 'list': {
      if (!Array.isArray(value)) throw typeError(node, value);
      const element = node.element;
      if (element === undefined) return value;
      // Null elements are kept so that pass 2 reports them ("Member must not be null").
      return value.map((v: unknown) => (v === null ? null : clean(element, v)));
    }
    case 'map': {
      if (!isPlainObject(value)) throw typeError(node, value);
      const valueNode = node.value;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) {
        if (v === null) continue;
        // Keys come from the client; plain assignment of `__proto__` would set the prototype.
        Object.defineProperty(out, k, { value: valueNode === undefined ? v : clean(valueNode, v), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'string':
      if (typeof value !== 'string') throw typeError(node, value);
      return value;
    case 'integer':
    case 'long':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw typeError(node, value);
      if (node.kind === 'integer' ? value < INT32_MIN || value > INT32_MAX : !Number.isSafeInteger(value)) {
        throw new CognitoError('SerializationException', `NUMBER_VALUE ${value} is out of range for ${TYPE_NAMES[node.kind]}`);
      }
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw typeError(node, value);
      return value;
    case 'timestamp':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw typeError(node, value);
      return value;
    case 'blob':
      if (typeof value !== 'string') throw typeError(node, value);
      if (value.length % 4 === 1 || !BASE64.test(value)) {
        throw new CognitoError('SerializationException', 'Base64 encoded value is not valid.');
      }
      return value;
    case 'document':
      return value;
  }
}

// ---------------------------------------------------------------------------------------------
// Pass 2: constraints

function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function lengthOf(node: Node, value: unknown): number | undefined {
  switch (node.kind) {
    case 'string':
      return typeof value === 'string' ? codePointLength(value) : undefined;
    case 'list':
      return Array.isArray(value) ? value.length : undefined;
    case 'map':
      return isPlainObject(value) ? Object.keys(value).length : undefined;
    case 'blob':
      return typeof value === 'string' ? Buffer.byteLength(value, 'base64') : undefined;
    default:
      return undefined;
  }
}

const maxLength = (n: number): string => `Member must have length less than or equal to ${n}`;
const minLength = (n: number): string => `Member must have length greater than or equal to ${n}`;
const maxValue = (n: number): string => `Member must have value less than or equal to ${n}`;
const minValue = (n: number): string => `Member must have value greater than or equal to ${n}`;
const patternText = (p: string): string => `Member must satisfy regular expression pattern: ${p}`;
const enumMessage = (set: string): string => `Member must satisfy enum value set: ${set}`;
const NOT_NULL = 'Member must not be null';

/** Every constraint of a shape, in the order AWS lists them inside `[…]`. */
function constraintList(node: Node, notNull: boolean): string {
  const parts: string[] = [];
  const numeric = node.kind === 'integer' || node.kind === 'long';
  if (node.max !== undefined) parts.push(numeric ? maxValue(node.max) : maxLength(node.max));
  if (node.min !== undefined) parts.push(numeric ? minValue(node.min) : minLength(node.min));
  if (node.pattern !== undefined) parts.push(patternText(node.pattern));
  if (node.enumText !== undefined) parts.push(enumMessage(node.enumText));
  if (notNull) parts.push(NOT_NULL);
  return `[${parts.join(', ')}]`;
}

/** The violated constraints of one value's own shape (not of its children). */
function violations(node: Node, value: unknown): string[] {
  const out: string[] = [];
  if (node.kind === 'integer' || node.kind === 'long') {
    if (typeof value === 'number') {
      if (node.max !== undefined && value > node.max) out.push(maxValue(node.max));
      if (node.min !== undefined && value < node.min) out.push(minValue(node.min));
    }
    return out;
  }
  if (node.max !== undefined || node.min !== undefined) {
    const len = lengthOf(node, value);
    if (len !== undefined) {
      if (node.max !== undefined && len > node.max) out.push(maxLength(node.max));
      if (node.min !== undefined && len < node.min) out.push(minLength(node.min));
    }
  }
  if (typeof value === 'string') {
    if (node.regex !== undefined && node.pattern !== undefined && !node.regex.test(value)) out.push(patternText(node.pattern));
    if (node.enumSet !== undefined && node.enumText !== undefined && !node.enumSet.has(value)) out.push(enumMessage(node.enumText));
  }
  return out;
}

function isValid(node: Node, value: unknown): boolean {
  return value !== null && value !== undefined && violations(node, value).length === 0;
}

const REDACTED = '***Sensitive Data Redacted***';

/** Java-style rendering, as AWS quotes values: `[a, b]`, `{k=v}`. */
function render(node: Node | undefined, value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (node?.sensitive === true) return REDACTED;
  if (Array.isArray(value)) return `[${value.map((v: unknown) => render(node?.element, v)).join(', ')}]`;
  if (isPlainObject(value)) {
    if (node?.kind === 'document') return JSON.stringify(value);
    const entries = Object.entries(value).map(([k, v]) => {
      const child = node?.kind === 'structure' ? node.members.find((m) => m.name === k)?.node : node?.value;
      return `${k}=${render(child, v)}`;
    });
    return `{${entries.join(', ')}}`;
  }
  return String(value);
}

function subject(node: Node, value: unknown, path: string): string {
  if (value === null || value === undefined) return `Value null at '${path}'`;
  if (node.sensitive || node.kind === 'blob') return `Value at '${path}'`;
  // A long value is quoted by its prefix only: the message (and its header copy) stays readable.
  return `Value '${clip(render(node, value), MAX_QUOTED_VALUE)}' at '${path}'`;
}

function fail(errors: string[], node: Node, value: unknown, path: string, constraint: string): void {
  errors.push(`${subject(node, value, path)} failed to satisfy constraint: ${constraint}`);
}

function checkStructure(node: Node, obj: Record<string, unknown>, prefix: string, errors: string[]): void {
  for (const member of node.members) {
    const path = prefix + member.pathName;
    const v = obj[member.name];
    if (v === undefined || v === null) {
      if (member.required) fail(errors, member.node, null, path, NOT_NULL);
      continue;
    }
    check(member.node, v, path, errors);
  }
}

function check(node: Node, value: unknown, path: string, errors: string[]): void {
  for (const v of violations(node, value)) fail(errors, node, value, path, v);
  switch (node.kind) {
    case 'structure':
      if (isPlainObject(value)) checkStructure(node, value, `${path}.`, errors);
      return;
    case 'list': {
      const element = node.element;
      if (element === undefined || !Array.isArray(value)) return;
      if (SCALARS.has(element.kind)) {
        if (!value.every((v: unknown) => isValid(element, v))) {
          fail(errors, node, value, path, `Member must satisfy constraint: ${node.elementText ?? '[]'}`);
        }
        return;
      }
      value.forEach((v: unknown, i: number) => {
        const p = `${path}.${i + 1}.member`;
        if (v === null) fail(errors, element, null, p, NOT_NULL);
        else check(element, v, p, errors);
      });
      return;
    }
    case 'map': {
      const { key, value: valueNode } = node;
      if (key === undefined || valueNode === undefined || !isPlainObject(value)) return;
      const entries = Object.entries(value);
      if (!entries.every(([k]) => isValid(key, k))) {
        fail(errors, node, value, path, `Map keys must satisfy constraint: ${node.keyText ?? '[]'}`);
      }
      if (SCALARS.has(valueNode.kind)) {
        if (!entries.every(([, v]) => isValid(valueNode, v))) {
          fail(errors, node, value, path, `Map value must satisfy constraint: ${node.valueText ?? '[]'}`);
        }
        return;
      }
      for (const [k, v] of entries) {
        const p = `${path}.${clip(k)}`;
        if (v === null) fail(errors, valueNode, null, p, NOT_NULL);
        else check(valueNode, v, p, errors);
      }
      return;
    }
    default:
      return;
  }
}

/**
 * Validates an operation's decoded input against the model and returns it without unknown
 * members. `null` members count as absent. Throws `SerializationException` for a JSON type
 * mismatch and `InvalidParameterException` (AWS's "N validation errors detected: …") for
 * constraint violations.
 */
export function validateInput(operation: OperationName, input: unknown): Record<string, unknown> {
  const root = rootFor(operation);
  const cleaned = clean(root, input === undefined || input === null ? {} : input) as Record<string, unknown>;
  const errors: string[] = [];
  checkStructure(root, cleaned, '', errors);
  if (errors.length > 0) {
    const n = errors.length;
    throw new CognitoError('InvalidParameterException', `${n} validation error${n === 1 ? '' : 's'} detected: ${errors.join('; ')}`);
  }
  return cleaned;
}
