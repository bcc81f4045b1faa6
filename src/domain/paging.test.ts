import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { CognitoError } from './errors.ts';
import { createdAtCursor, decodePageToken, encodePageToken, page, pageLimit, rejectPageToken, singleValueCursor, type PageCursor } from './paging.ts';

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

describe('page(): keyset listing', () => {
  const ROWS = ['a', 'b', 'c', 'd', 'e'];
  const deps = { tokenKey: KEY, now: () => T0 };
  const fetched: Array<{ after: string | undefined; limit: number }> = [];
  const listing = (token: string | undefined, limit: number, scope = 'ListThings:p1') =>
    page(deps, {
      scope,
      token,
      limit,
      codec: singleValueCursor('k', 'string'),
      fetch: async (after, size) => {
        fetched.push({ after, limit: size });
        return ROWS.filter((r) => after === undefined || r > after).slice(0, size);
      },
      cursorOf: (row) => row,
    });

  it('walks every row once, a page at a time, asking for one row more than a page', async () => {
    fetched.length = 0;
    const first = await listing(undefined, 2);
    assert.deepEqual(first.items, ['a', 'b']);
    assert.deepEqual(decodePageToken(KEY, 'ListThings:p1', first.nextToken ?? '', T0), { k: 'b' });
    const second = await listing(first.nextToken, 2);
    assert.deepEqual(second.items, ['c', 'd']);
    const last = await listing(second.nextToken, 2);
    assert.deepEqual(last, { items: ['e'] });
    assert.deepEqual(fetched, [
      { after: undefined, limit: 3 },
      { after: 'b', limit: 3 },
      { after: 'd', limit: 3 },
    ]);
  });

  it('mints no token when the last page is exactly full', async () => {
    assert.deepEqual(await listing(undefined, 5), { items: ROWS });
  });

  it('rejects a token of another scope and a cursor of the wrong shape, before fetching', async () => {
    const token = (await listing(undefined, 1)).nextToken;
    fetched.length = 0;
    await assert.rejects(listing(token, 1, 'ListThings:p2'), (err: unknown) => err instanceof CognitoError && err.message === 'Invalid pagination token.');
    await assert.rejects(listing(encodePageToken(KEY, 'ListThings:p1', { k: 7 }, T0), 1), (err: unknown) => err instanceof CognitoError && err.type === 'InvalidParameterException');
    await assert.rejects(listing('garbage', 1), CognitoError);
    assert.deepEqual(fetched, []);
  });

  it('mints no token for a row without a position', async () => {
    const result = await page(deps, {
      scope: 's',
      token: undefined,
      limit: 1,
      codec: singleValueCursor('s', 'number'),
      fetch: async () => [{ seq: undefined }, { seq: 2 }],
      cursorOf: (row: { seq: number | undefined }) => row.seq,
    });
    assert.deepEqual(result, { items: [{ seq: undefined }] });
  });
});

describe('cursor codecs', () => {
  it('singleValueCursor reads back what it wrote and nothing of another type', () => {
    const names = singleValueCursor('n', 'string');
    assert.deepEqual(names.write('x'), { n: 'x' });
    assert.equal(names.read({ n: 'x' }), 'x');
    assert.equal(names.read({ n: 1 }), undefined);
    assert.equal(names.read({}), undefined);
    const seqs = singleValueCursor('s', 'number');
    assert.equal(seqs.read({ s: 4 }), 4);
    assert.equal(seqs.read({ s: '4' }), undefined);
  });

  it('createdAtCursor keeps the token layout { t, <id key> }', () => {
    const jobs = createdAtCursor('j');
    assert.deepEqual(jobs.write({ createdAt: 5, id: 'import-1' }), { t: 5, j: 'import-1' });
    assert.deepEqual(jobs.read({ t: 5, j: 'import-1' }), { createdAt: 5, id: 'import-1' });
    assert.equal(jobs.read({ t: '5', j: 'import-1' }), undefined);
    assert.equal(jobs.read({ t: 5, k: 'import-1' }), undefined);
  });

  it('pageLimit: absent or 0 means the maximum', () => {
    assert.equal(pageLimit(undefined, 60), 60);
    assert.equal(pageLimit(0, 60), 60);
    assert.equal(pageLimit(7, 60), 7);
  });

  it('rejectPageToken: a one-page listing refuses every token', () => {
    rejectPageToken(undefined);
    assertInvalid(() => rejectPageToken('x'));
  });
});

/** The MAC exactly as paging.ts specifies it, to sign arbitrary payloads in tests. */
function macFor(scope: string, payloadB64: string): string {
  return createHmac('sha256', KEY).update(`${scope}.${payloadB64}`, 'utf8').digest('base64url');
}
