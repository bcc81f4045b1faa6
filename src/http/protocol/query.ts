import { modelShapes, type ShapeKind, type ShapeModel } from '../../generated/model.ts';
import { operations, type OperationName } from '../../generated/operations.ts';
import { CognitoError, clip } from '../../domain/errors.ts';

/**
 * Query-style input (`GET /?Action=…&…` or a form body) → the object a JSON 1.1 body would have
 * produced; `validateInput` runs on the result. Scalars are coerced by their model type;
 * structured members are one JSON-encoded value or AWS query notation
 * (`X.member.N[.Field]`, `X.entry.N.key` / `X.entry.N.value`, also flattened `X.N…`);
 * lists of scalars may also repeat the parameter (`X=a&X=b`).
 * Names match case-sensitively, as the AWS SDKs' query serializers spell them; a name the
 * operation does not have is an error naming it (and the member it likely meant), never dropped.
 */

interface Trie {
  /** The parameter name up to this node, for error messages. */
  readonly param: string;
  readonly values: string[];
  readonly children: Map<string, Trie>;
}

const SCALARS: ReadonlySet<ShapeKind> = new Set(['string', 'integer', 'long', 'boolean', 'timestamp', 'blob']);

const TYPE_NAMES: Partial<Record<ShapeKind, string>> = {
  integer: 'an Integer',
  long: 'a Long',
  boolean: 'a Boolean',
  timestamp: 'a Timestamp',
};

const INDEX = /^[1-9][0-9]*$/;
const INTEGER = /^[+-]?[0-9]+$/;
const DECIMAL = /^[+-]?[0-9]+(?:\.[0-9]+)?$/;

function serialization(message: string): CognitoError {
  return new CognitoError('SerializationException', message);
}

function shapeOf(name: string): ShapeModel {
  const shape = modelShapes[name];
  if (shape === undefined) throw new Error(`shape ${name} is missing from the generated model`);
  return shape;
}

function memberTarget(shape: ShapeModel, member: string): string | undefined {
  return shape.members !== undefined && Object.hasOwn(shape.members, member) ? shape.members[member] : undefined;
}

/** Map keys come from the client: `obj[k] = v` with k = `__proto__` would set the prototype. */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

function coerceScalar(kind: ShapeKind, raw: string, param: string): unknown {
  switch (kind) {
    case 'integer':
    case 'long':
      if (INTEGER.test(raw)) return Number(raw);
      break;
    case 'boolean': {
      const lower = raw.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      break;
    }
    case 'timestamp':
      if (DECIMAL.test(raw)) return Number(raw);
      break;
    default:
      return raw;
  }
  throw serialization(`STRING_VALUE can not be converted to ${TYPE_NAMES[kind] ?? kind} (parameter '${param}')`);
}

const NOTATION_HINTS: Partial<Record<ShapeKind, string>> = {
  list: '.member.1',
  map: '.entry.1.key',
  structure: '.<Member>',
};

function parseJson(raw: string, param: string, kind: ShapeKind): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    // The parser's own message would echo the value, which may be a secret (AuthParameters).
    const hint = NOTATION_HINTS[kind];
    throw serialization(
      `Parameter '${param}' is not valid JSON: give a ${kind} member as one JSON-encoded value${hint !== undefined ? ` or in query notation (${param}${hint}…)` : ''}.`,
    );
  }
}

function single(t: Trie): string {
  if (t.values.length > 1) throw serialization(`Parameter '${t.param}' is given more than once.`);
  return t.values[0] ?? '';
}

/** A parameter given as a value: a scalar, a JSON document, or (lists of scalars) repeated values. */
function fromValues(shapeName: string, t: Trie): unknown {
  const shape = shapeOf(shapeName);
  if (SCALARS.has(shape.kind)) return coerceScalar(shape.kind, single(t), t.param);
  if (shape.kind === 'list' && shape.member !== undefined) {
    const element = shapeOf(shape.member);
    if (SCALARS.has(element.kind)) {
      const out: unknown[] = [];
      for (const raw of t.values) {
        if (raw.trimStart().startsWith('[')) {
          const parsed = parseJson(raw, t.param, shape.kind);
          if (!Array.isArray(parsed)) throw serialization(`Parameter '${t.param}' must be a JSON array.`);
          out.push(...(parsed as unknown[]));
        } else {
          out.push(coerceScalar(element.kind, raw, t.param));
        }
      }
      return out;
    }
  }
  return parseJson(single(t), t.param, shape.kind);
}

/** Children `member.N` / `entry.N` (or flattened `N`), in index order. */
function indexed(t: Trie, wrapper: string): Trie[] {
  let holder = t;
  const wrapped = t.children.get(wrapper);
  if (wrapped !== undefined) {
    if (t.children.size > 1 || wrapped.values.length > 0) {
      throw serialization(`Parameter '${t.param}' mixes '${t.param}.${wrapper}.N' with other notation.`);
    }
    holder = wrapped;
  }
  const entries: Array<[number, Trie]> = [];
  for (const [segment, child] of holder.children) {
    if (!INDEX.test(segment)) {
      throw serialization(`Parameter '${child.param}' is not valid: expected '${t.param}.${wrapper}.N' with N = 1, 2, …`);
    }
    entries.push([Number(segment), child]);
  }
  return entries.sort((a, b) => a[0] - b[0]).map(([, child]) => child);
}

/** Parameters the input shape does not have, reported together once the whole input is read. */
type Unknown = Array<{ param: string; shape: ShapeModel; segment: string }>;

function convert(shapeName: string, t: Trie, unknown: Unknown): unknown {
  if (t.children.size === 0) return fromValues(shapeName, t);
  if (t.values.length > 0) throw serialization(`Parameter '${t.param}' is given both as a value and in query notation.`);
  const shape = shapeOf(shapeName);
  switch (shape.kind) {
    case 'structure': {
      const out: Record<string, unknown> = {};
      for (const [segment, child] of t.children) {
        const target = memberTarget(shape, segment);
        if (target !== undefined) out[segment] = convert(target, child, unknown);
        else unknown.push({ param: child.param, shape, segment });
      }
      return out;
    }
    case 'list': {
      const element = shape.member;
      if (element === undefined) return [];
      return indexed(t, 'member').map((child) => convert(element, child, unknown));
    }
    case 'map': {
      const valueShape = shape.value;
      const out: Record<string, unknown> = {};
      if (valueShape === undefined) return out;
      for (const entry of indexed(t, 'entry')) {
        const key = entry.children.get('key');
        const value = entry.children.get('value');
        if (key === undefined || value === undefined || key.children.size > 0) {
          throw serialization(`Parameter '${entry.param}' needs both '${entry.param}.key' and '${entry.param}.value'.`);
        }
        setOwn(out, single(key), convert(valueShape, value, unknown));
      }
      return out;
    }
    default: {
      const [first] = t.children.values();
      throw serialization(
        `Parameter '${first?.param ?? t.param}' is not valid: '${t.param}' is ${shape.kind === 'document' ? 'a document; give it as one JSON-encoded value' : 'a scalar'}.`,
      );
    }
  }
}

function isReserved(name: string): boolean {
  return name === 'Action' || name === 'Version' || /^x-amz-/i.test(name);
}

function unknownParameters(operation: OperationName, unknown: Unknown): CognitoError {
  const MAX_LISTED = 5;
  const items = unknown.slice(0, MAX_LISTED).map(({ param, shape, segment }) => {
    const lower = segment.toLowerCase();
    const meant = Object.keys(shape.members ?? {}).find((m) => m.toLowerCase() === lower);
    return `'${param}'${meant !== undefined ? ` (did you mean '${meant}'? names are case-sensitive)` : ''}`;
  });
  const more = unknown.length > MAX_LISTED ? ` and ${unknown.length - MAX_LISTED} more` : '';
  const noun = unknown.length === 1 ? 'parameter' : 'parameters';
  return new CognitoError('InvalidParameterException', `Unknown ${noun} for ${operation}: ${items.join(', ')}${more}.`);
}

export function decodeQueryInput(operation: OperationName, params: URLSearchParams): Record<string, unknown> {
  const inputShape = operations[operation].input;
  const root = shapeOf(inputShape);
  const tries = new Map<string, Trie>();
  const unknown: Unknown = [];
  const unknownNames = new Set<string>();
  for (const [name, value] of params) {
    if (isReserved(name)) continue;
    const segments = name.split('.');
    const member = segments[0] ?? '';
    if (memberTarget(root, member) === undefined) {
      if (!unknownNames.has(member)) unknown.push({ param: clip(member), shape: root, segment: member });
      unknownNames.add(member);
      continue;
    }
    let node: Trie | undefined = tries.get(member);
    if (node === undefined) {
      node = { param: member, values: [], children: new Map() };
      tries.set(member, node);
    }
    for (const segment of segments.slice(1)) {
      let child: Trie | undefined = node.children.get(segment);
      if (child === undefined) {
        // Only error messages read `param`: a client-chosen segment is quoted by its prefix.
        child = { param: `${node.param}.${clip(segment)}`, values: [], children: new Map() };
        node.children.set(segment, child);
      }
      node = child;
    }
    node.values.push(value);
  }
  const out: Record<string, unknown> = {};
  for (const [member, t] of tries) {
    const target = memberTarget(root, member);
    if (target !== undefined) out[member] = convert(target, t, unknown);
  }
  if (unknown.length > 0) throw unknownParameters(operation, unknown);
  return out;
}
