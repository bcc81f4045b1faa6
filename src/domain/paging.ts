/**
 * Opaque pagination tokens (spec §4).
 *
 * Token = base64url(JSON payload) '.' base64url(HMAC-SHA256(key, scope '.' payloadB64))
 *
 * - The payload is `{"v":1,"iat":<epoch ms>,"c":<cursor>}`; the scope (operation,
 *   pool, filter, …) is not stored in the token, only bound into the MAC, so a
 *   token minted for another operation/pool/filter fails the MAC check and the
 *   filter text never leaks into the token.
 * - MAC input is `scope + '.' + payloadB64`; base64url has no '.', so the split
 *   is unambiguous whatever the scope contains.
 * - Tokens only use `[A-Za-z0-9_-.]`, so they satisfy the model's `[\S]+`.
 * - Every failure (garbage, bad MAC, other scope, expired, bad shape) throws the
 *   same `InvalidParameterException` and reveals nothing about which check failed.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Deps } from './context.ts';
import { CognitoError } from './errors.ts';

/** The last key(s) seen on the previous page. */
export interface PageCursor {
  [k: string]: string | number;
}

/**
 * Real Cognito answers a bad ListUsers token with
 * `Paging marker <token> is invalid for request <request id>` (aws/aws-sdk-js#3705);
 * the domain has no request id, so we use a fixed text.
 */
export const INVALID_PAGE_TOKEN_MESSAGE = 'Invalid pagination token.';
export const DEFAULT_PAGE_TOKEN_TTL_MS = 60 * 60 * 1000;
/** Tokens stamped slightly in the future (clock skew between instances) are accepted. */
const MAX_CLOCK_SKEW_MS = 60 * 1000;
/** Generous (a cursor may hold a 2048-char attribute value); caps work on hostile input. */
const MAX_TOKEN_LENGTH = 64 * 1024;
const MIN_KEY_BYTES = 16;
const TOKEN_VERSION = 1;

const B64URL_RE = /^[A-Za-z0-9_-]+$/;
/** 32 bytes in unpadded base64url. */
const MAC_B64_LENGTH = 43;

function invalidToken(): CognitoError {
  return new CognitoError('InvalidParameterException', INVALID_PAGE_TOKEN_MESSAGE);
}

function checkKey(key: Buffer): void {
  if (key.length < MIN_KEY_BYTES) {
    throw new TypeError(`pagination token key must be at least ${MIN_KEY_BYTES} bytes`);
  }
}

function mac(key: Buffer, scope: string, payloadB64: string): Buffer {
  return createHmac('sha256', key).update(scope, 'utf8').update('.', 'utf8').update(payloadB64, 'utf8').digest();
}

function isCursorValue(v: unknown): v is string | number {
  return typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));
}

function toCursor(v: unknown): PageCursor | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const out: PageCursor = {};
  for (const [k, val] of Object.entries(v as Record<string, unknown>)) {
    if (k === '__proto__' || !isCursorValue(val)) return undefined;
    out[k] = val;
  }
  return out;
}

export function encodePageToken(key: Buffer, scope: string, cursor: PageCursor, now: number): string {
  checkKey(key);
  for (const val of Object.values(cursor)) {
    if (!isCursorValue(val)) throw new TypeError('page cursor values must be strings or finite numbers');
  }
  const payload = JSON.stringify({ v: TOKEN_VERSION, iat: now, c: cursor });
  const payloadB64 = Buffer.from(payload, 'utf8').toString('base64url');
  return `${payloadB64}.${mac(key, scope, payloadB64).toString('base64url')}`;
}

export function decodePageToken(
  key: Buffer,
  scope: string,
  token: string,
  now: number,
  ttlMs: number = DEFAULT_PAGE_TOKEN_TTL_MS,
): PageCursor {
  checkKey(key);
  if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw invalidToken();

  const dot = token.indexOf('.');
  if (dot <= 0 || dot !== token.lastIndexOf('.')) throw invalidToken();
  const payloadB64 = token.slice(0, dot);
  const macB64 = token.slice(dot + 1);
  if (!B64URL_RE.test(payloadB64) || macB64.length !== MAC_B64_LENGTH || !B64URL_RE.test(macB64)) {
    throw invalidToken();
  }

  const expected = mac(key, scope, payloadB64);
  const given = Buffer.from(macB64, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidToken();

  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payloadB64, 'base64url').toString('utf8'));
  } catch {
    throw invalidToken();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalidToken();
  const { v, iat, c } = parsed as { v?: unknown; iat?: unknown; c?: unknown };
  if (v !== TOKEN_VERSION || typeof iat !== 'number' || !Number.isFinite(iat)) throw invalidToken();
  if (now - iat > ttlMs || iat - now > MAX_CLOCK_SKEW_MS) throw invalidToken();
  const cursor = toCursor(c);
  if (cursor === undefined) throw invalidToken();
  return cursor;
}

/**
 * How a listing's keyset position is written into a token's cursor and read back. `read`
 * answers `undefined` for a cursor of the wrong shape (a well-signed token of another version
 * of the code), which is then as invalid as any other bad token.
 */
export interface CursorCodec<After> {
  write(after: After): PageCursor;
  read(cursor: PageCursor): After | undefined;
}

/** A cursor holding one value, under `key`. */
export function singleValueCursor(key: string, type: 'string'): CursorCodec<string>;
export function singleValueCursor(key: string, type: 'number'): CursorCodec<number>;
export function singleValueCursor(key: string, type: 'string' | 'number'): CursorCodec<string | number> {
  return {
    write: (after) => ({ [key]: after }),
    read: (cursor) => {
      const value = cursor[key];
      return typeof value === type ? value : undefined;
    },
  };
}

/** Listings in (creation time, id) order: the cursor is `{ t: <created at>, [idKey]: <id> }`. */
export function createdAtCursor(idKey: string): CursorCodec<{ createdAt: number; id: string }> {
  return {
    write: (after) => ({ t: after.createdAt, [idKey]: after.id }),
    read: (cursor) => {
      const t = cursor['t'];
      const id = cursor[idKey];
      return typeof t === 'number' && typeof id === 'string' ? { createdAt: t, id } : undefined;
    },
  };
}

export interface PageRequest<Row, After> {
  /** Bound into the token's MAC: the operation and what is listed (pool, user, filter text). */
  scope: string;
  /** The caller's token, if this is not the first page. */
  token: string | undefined;
  /** Rows per page. */
  limit: number;
  codec: CursorCodec<After>;
  /** The keyset position just after `row`; `undefined` when the row cannot be resumed after. */
  cursorOf(row: Row): After | undefined;
  /** Up to `limit` rows after `after` (from the start when `undefined`), in listing order. */
  fetch(after: After | undefined, limit: number): Promise<Row[]>;
}

export interface Page<Row> {
  items: Row[];
  /** Present when more rows follow. */
  nextToken?: string;
}

/**
 * One page of a keyset listing: decodes the caller's token (any failure is
 * `InvalidParameterException: Invalid pagination token.`), fetches one row more than the page
 * holds to learn whether another page follows, and mints the token of that next page.
 */
export async function page<Row, After>(deps: Pick<Deps, 'tokenKey' | 'now'>, request: PageRequest<Row, After>): Promise<Page<Row>> {
  const { scope, token, limit, codec } = request;
  let after: After | undefined;
  if (token !== undefined) {
    after = codec.read(decodePageToken(deps.tokenKey, scope, token, deps.now()));
    if (after === undefined) throw invalidToken();
  }
  const rows = await request.fetch(after, limit + 1);
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const next = rows.length > limit && last !== undefined ? request.cursorOf(last) : undefined;
  if (next === undefined) return { items };
  return { items, nextToken: encodePageToken(deps.tokenKey, scope, codec.write(next), deps.now()) };
}

/** `Limit` / `MaxResults` of the listings where absent or 0 means "the most a page may hold". */
export function pageLimit(limit: number | undefined, max: number): number {
  return limit === undefined || limit === 0 ? max : limit;
}

/** A listing that is always one page answers any token with the invalid-token error. */
export function rejectPageToken(token: string | undefined): void {
  if (token !== undefined) throw invalidToken();
}
