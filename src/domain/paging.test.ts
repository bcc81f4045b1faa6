import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { CognitoError } from './errors.ts';
import { decodePageToken, encodePageToken, type PageCursor } from './paging.ts';

const KEY = Buffer.from('0123456789abcdef0123456789abcdef', 'utf8');
const OTHER_KEY = Buffer.from('fedcba9876543210fedcba9876543210', 'utf8');
const SCOPE = 'ListUsers|us-east-1_abc|email ^= "a"';
const T0 = 1_700_000_000_000;
const HOUR = 60 * 60 * 1000;

function assertInvalid(fn: () => unknown): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof CognitoError);
    assert.equal(err.type, 'InvalidParameterException');
    assert.equal(err.status, 400);
    assert.equal(err.message, 'Invalid pagination token.');
    return true;
  });
}

/** Flip one character of the token at `index` to a different base64url character. */
function flipChar(token: string, index: number): string {
  const ch = token[index];
  const repl = ch === 'A' ? 'B' : 'A';
  return token.slice(0, index) + repl + token.slice(index + 1);
}

describe('page tokens: round trip', () => {
  it('returns the cursor it was given', () => {
    const cursor: PageCursor = { username: 'jane', createdAt: 1234, email: 'jane@example.com' };
    const token = encodePageToken(KEY, SCOPE, cursor, T0);
    assert.deepEqual(decodePageToken(KEY, SCOPE, token, T0), cursor);
    assert.deepEqual(decodePageToken(KEY, SCOPE, token, T0 + HOUR - 1), cursor);
  });

  it('handles awkward cursor values', () => {
    const cursor: PageCursor = { k: `%_'"\\ 日本\n.`, n: -0.5, z: 0, e: '' };
    const token = encodePageToken(KEY, SCOPE, cursor, T0);
    assert.deepEqual(decodePageToken(KEY, SCOPE, token, T0), cursor);
  });

  it('handles an empty cursor and an empty scope', () => {
    const token = encodePageToken(KEY, '', {}, T0);
    assert.deepEqual(decodePageToken(KEY, '', token, T0), {});
  });

  it('is opaque and matches the model pattern [\\S]+', () => {
    const token = encodePageToken(KEY, SCOPE, { username: 'jane doe', v: 'a b\tc' }, T0);
    assert.match(token, /^[\S]+$/);
    assert.match(token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    assert.ok(!token.includes('jane'));
    assert.ok(!token.includes('email'));
  });

  it('does not reveal the scope (filter text)', () => {
    const token = encodePageToken(KEY, 'ListUsers|pool|secret-filter', { u: 'x' }, T0);
    const payload = Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8');
    assert.ok(!payload.includes('secret-filter'));
  });
});

describe('page tokens: tampering', () => {
  const cursor: PageCursor = { username: 'jane', seq: 7 };
  const token = encodePageToken(KEY, SCOPE, cursor, T0);
  const [payloadB64, macB64] = token.split('.') as [string, string];

  it('rejects a modified payload', () => {
    for (let i = 0; i < payloadB64.length; i++) {
      assertInvalid(() => decodePageToken(KEY, SCOPE, flipChar(token, i), T0));
    }
  });

  it('rejects a modified MAC', () => {
    for (let i = payloadB64.length + 1; i < token.length; i++) {
      assertInvalid(() => decodePageToken(KEY, SCOPE, flipChar(token, i), T0));
    }
  });

  it('rejects a re-signed payload with a different cursor but the old MAC', () => {
    const forged = Buffer.from(JSON.stringify({ v: 1, iat: T0, c: { username: 'admin', seq: 0 } })).toString('base64url');
    assertInvalid(() => decodePageToken(KEY, SCOPE, `${forged}.${macB64}`, T0));
  });

  it('rejects a token minted with another key', () => {
    const other = encodePageToken(OTHER_KEY, SCOPE, cursor, T0);
    assertInvalid(() => decodePageToken(KEY, SCOPE, other, T0));
  });

  it('rejects truncated, extended and restructured tokens', () => {
    assertInvalid(() => decodePageToken(KEY, SCOPE, token.slice(0, -1), T0));
    assertInvalid(() => decodePageToken(KEY, SCOPE, `${token}A`, T0));
    assertInvalid(() => decodePageToken(KEY, SCOPE, `${token}=`, T0));
    assertInvalid(() => decodePageToken(KEY, SCOPE, `${token}.`, T0));
    assertInvalid(() => decodePageToken(KEY, SCOPE, `${payloadB64}.${macB64}.${macB64}`, T0));
    assertInvalid(() => decodePageToken(KEY, SCOPE, `.${macB64}`, T0));
    assertInvalid(() => decodePageToken(KEY, SCOPE, `${payloadB64}.`, T0));
    assertInvalid(() => decodePageToken(KEY, SCOPE, payloadB64, T0));
    assertInvalid(() => decodePageToken(KEY, SCOPE, `${macB64}.${payloadB64}`, T0));
  });

  it('rejects garbage', () => {
    for (const junk of ['', 'x', '.', '..', 'null', '{}', 'abc.def', '!!!.???', ' ', `${'A'.repeat(100)}.${'A'.repeat(43)}`]) {
      assertInvalid(() => decodePageToken(KEY, SCOPE, junk, T0));
    }
    assertInvalid(() => decodePageToken(KEY, SCOPE, 'A'.repeat(200_000), T0));
  });

  it('rejects a correctly signed payload of the wrong shape', () => {
    // Sign arbitrary payloads the way encodePageToken would, to reach the shape checks.
    const sign = (payload: unknown): string => {
      const b64 = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${b64}.${macFor(SCOPE, b64)}`;
    };
    // Sanity: our re-implementation of the MAC accepts a well-formed payload.
    assert.deepEqual(decodePageToken(KEY, SCOPE, sign({ v: 1, iat: T0, c: { a: 1 } }), T0), { a: 1 });
    for (const bad of [
      null,
      [],
      42,
      'str',
      { v: 2, iat: T0, c: {} },
      { iat: T0, c: {} },
      { v: 1, c: {} },
      { v: 1, iat: 'now', c: {} },
      { v: 1, iat: T0 },
      { v: 1, iat: T0, c: null },
      { v: 1, iat: T0, c: [] },
      { v: 1, iat: T0, c: { a: true } },
      { v: 1, iat: T0, c: { a: null } },
      { v: 1, iat: T0, c: { a: { b: 1 } } },
    ]) {
      assertInvalid(() => decodePageToken(KEY, SCOPE, sign(bad), T0));
    }
    const b64 = Buffer.from('not json', 'utf8').toString('base64url');
    assertInvalid(() => decodePageToken(KEY, SCOPE, `${b64}.${macFor(SCOPE, b64)}`, T0));
  });
});

describe('page tokens: scope binding', () => {
  const token = encodePageToken(KEY, SCOPE, { username: 'jane' }, T0);

  it('rejects another operation', () => {
    assertInvalid(() => decodePageToken(KEY, 'ListUsersInGroup|us-east-1_abc|email ^= "a"', token, T0));
  });

  it('rejects another pool', () => {
    assertInvalid(() => decodePageToken(KEY, 'ListUsers|us-east-1_xyz|email ^= "a"', token, T0));
  });

  it('rejects another filter', () => {
    assertInvalid(() => decodePageToken(KEY, 'ListUsers|us-east-1_abc|email ^= "b"', token, T0));
    assertInvalid(() => decodePageToken(KEY, 'ListUsers|us-east-1_abc|', token, T0));
  });

  it('rejects scopes that differ only around the separator', () => {
    const t = encodePageToken(KEY, 'a', {}, T0);
    assertInvalid(() => decodePageToken(KEY, 'a.', t, T0));
    assertInvalid(() => decodePageToken(KEY, 'a ', t, T0));
    assertInvalid(() => decodePageToken(KEY, 'A', t, T0));
  });
});

describe('page tokens: expiry', () => {
  const token = encodePageToken(KEY, SCOPE, { username: 'jane' }, T0);

  it('accepts a token up to the default TTL of one hour', () => {
    assert.deepEqual(decodePageToken(KEY, SCOPE, token, T0 + HOUR), { username: 'jane' });
  });

  it('rejects a token older than the default TTL', () => {
    assertInvalid(() => decodePageToken(KEY, SCOPE, token, T0 + HOUR + 1));
    assertInvalid(() => decodePageToken(KEY, SCOPE, token, T0 + 24 * HOUR));
  });

  it('honours a custom TTL', () => {
    assert.deepEqual(decodePageToken(KEY, SCOPE, token, T0 + 5000, 5000), { username: 'jane' });
    assertInvalid(() => decodePageToken(KEY, SCOPE, token, T0 + 5001, 5000));
    assert.deepEqual(decodePageToken(KEY, SCOPE, token, T0 + 2 * HOUR, 3 * HOUR), { username: 'jane' });
  });

  it('tolerates small clock skew but rejects tokens from the far future', () => {
    assert.deepEqual(decodePageToken(KEY, SCOPE, token, T0 - 30_000), { username: 'jane' });
    assertInvalid(() => decodePageToken(KEY, SCOPE, token, T0 - HOUR));
  });
});

describe('page tokens: key', () => {
  it('refuses short keys (programming error, not a client error)', () => {
    assert.throws(() => encodePageToken(Buffer.alloc(0), SCOPE, {}, T0), TypeError);
    assert.throws(() => decodePageToken(Buffer.alloc(8), SCOPE, 'a.b', T0), TypeError);
  });
});

/** The MAC exactly as paging.ts specifies it, to sign arbitrary payloads in tests. */
function macFor(scope: string, payloadB64: string): string {
  return createHmac('sha256', KEY).update(`${scope}.${payloadB64}`, 'utf8').digest('base64url');
}
