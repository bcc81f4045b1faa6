/**
 * ListUsers `Filter` parsing (spec §3).
 *
 * Grammar: `<attr> <op> "<value>"` — exactly one clause, whitespace around the
 * operator optional, `op` is `=` (exact) or `^=` (starts with), the value is
 * double-quoted with `\"` and `\\` as escapes. An absent, empty or all-blank
 * filter means "no filter".
 *
 * Error messages:
 * - `Error while parsing filter.` — the text real Cognito returns for a
 *   malformed filter (quoted verbatim in aws/aws-sdk-php#1088 and #1961 and
 *   aws/aws-aspnet-cognito-identity-provider#235).
 * - `Invalid search attribute: <name>` — what the moto emulator returns for a
 *   well-formed clause on a non-searchable attribute (e.g. `custom:foo`); not
 *   confirmed against real AWS.
 *
 * The value is returned verbatim (after unescaping): SQL / LIKE metacharacters
 * are the storage layer's business (bind as parameters, {@link escapeLike}).
 */
import { CognitoError } from '../errors.ts';

export type FilterAttribute =
  | 'username'
  | 'email'
  | 'phone_number'
  | 'name'
  | 'given_name'
  | 'family_name'
  | 'preferred_username'
  | 'cognito:user_status'
  | 'status'
  | 'sub';

export interface UserFilter {
  attribute: FilterAttribute;
  op: 'equals' | 'startsWith';
  value: string;
}

export const FILTER_PARSE_ERROR_MESSAGE = 'Error while parsing filter.';

const FILTER_ATTRIBUTES: ReadonlySet<string> = new Set<FilterAttribute>([
  'username',
  'email',
  'phone_number',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'cognito:user_status',
  'status',
  'sub',
]);

function isFilterAttribute(name: string): name is FilterAttribute {
  return FILTER_ATTRIBUTES.has(name);
}

/**
 * attr: word chars and `:` (so `custom:x` parses and is then rejected as an
 * attribute, not as syntax); value: any char but `"`/`\`, or `\` + any char.
 * The alternatives are disjoint, so there is no catastrophic backtracking.
 */
const FILTER_RE = /^\s*([\w:]+)\s*(=|\^=)\s*"((?:[^"\\]|\\[\s\S])*)"\s*$/;

/** `\"` → `"`, `\\` → `\`; any other backslash pair is kept as written. */
function unescapeValue(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    if (ch === '\\' && i + 1 < raw.length) {
      const next = raw[i + 1] as string;
      if (next === '"' || next === '\\') {
        out += next;
      } else {
        out += ch + next;
      }
      i++;
    } else {
      out += ch;
    }
  }
  return out;
}

export function parseUserFilter(filter: string | undefined): UserFilter | undefined {
  if (filter === undefined || filter.trim() === '') return undefined;

  const m = FILTER_RE.exec(filter);
  if (m === null) throw new CognitoError('InvalidParameterException', FILTER_PARSE_ERROR_MESSAGE);
  const [, name, op, rawValue] = m;
  if (name === undefined || op === undefined || rawValue === undefined) {
    throw new CognitoError('InvalidParameterException', FILTER_PARSE_ERROR_MESSAGE);
  }
  if (!isFilterAttribute(name)) {
    throw new CognitoError('InvalidParameterException', `Invalid search attribute: ${name}`);
  }
  return {
    attribute: name,
    op: op === '=' ? 'equals' : 'startsWith',
    value: unescapeValue(rawValue),
  };
}

/**
 * Whether comparisons on `attr` must respect case. AWS documents every ListUsers
 * search as case-insensitive except `status` and `username`; `username` follows
 * the pool's `UsernameConfiguration.CaseSensitive` (API default true).
 * `cognito:user_status` is documented as case-insensitive.
 */
export function filterIsCaseSensitive(attr: FilterAttribute, poolCaseSensitive: boolean): boolean {
  switch (attr) {
    case 'status':
      return true;
    case 'username':
      return poolCaseSensitive;
    default:
      return false;
  }
}

/** Escapes `\`, `%` and `_` with a backslash, for `LIKE ? ESCAPE '\'`. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
