import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { hashSecret, open, safeEqual, seal } from './sealed.ts';

const key = randomBytes(32);

describe('seal / open', () => {
  test('round trip, with and without aad, including empty plaintext', () => {
    for (const plaintext of [Buffer.alloc(0), Buffer.from('verifier bytes'), randomBytes(4096)]) {
      assert.deepEqual(open(key, seal(key, plaintext)), plaintext);
      assert.deepEqual(open(key, seal(key, plaintext, 'user:123'), 'user:123'), plaintext);
    }
  });

  test('layout: version ‖ 12-byte IV ‖ 16-byte tag ‖ ciphertext; fresh IV each time', () => {
    const a = seal(key, Buffer.from('hello'));
    const b = seal(key, Buffer.from('hello'));
    assert.equal(a.length, 1 + 12 + 16 + 5);
    assert.equal(a[0], 1);
    assert.notDeepEqual(a.subarray(1, 13), b.subarray(1, 13));
    assert.notDeepEqual(a, b);
  });

  test('tampering with any byte is detected', () => {
    const sealed = seal(key, Buffer.from('secret material'), 'ctx');
    for (let i = 0; i < sealed.length; i++) {
      const bad = Buffer.from(sealed);
      bad[i] = (bad[i] ?? 0) ^ 0x01;
      assert.throws(() => open(key, bad, 'ctx'), Error, `byte ${i}`);
    }
    assert.throws(() => open(key, sealed.subarray(0, sealed.length - 1), 'ctx'));
    assert.throws(() => open(key, sealed.subarray(0, 20), 'ctx'), /too short/);
  });

  test('aad mismatch and wrong key are rejected', () => {
    const sealed = seal(key, Buffer.from('secret'), 'pool-a');
    assert.throws(() => open(key, sealed, 'pool-b'), /authentication failed/);
    assert.throws(() => open(key, sealed), /authentication failed/);
    assert.throws(() => open(key, seal(key, Buffer.from('secret')), 'pool-a'), /authentication failed/);
    assert.throws(() => open(randomBytes(32), sealed, 'pool-a'), /authentication failed/);
  });

  test('key must be 32 bytes', () => {
    assert.throws(() => seal(randomBytes(16), Buffer.from('x')), RangeError);
    assert.throws(() => open(randomBytes(31), seal(key, Buffer.from('x'))), RangeError);
  });
});

describe('hashSecret / safeEqual', () => {
  test('hashSecret is SHA-256 hex', () => {
    assert.equal(hashSecret('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.match(hashSecret(''), /^[0-9a-f]{64}$/);
    assert.notEqual(hashSecret('code-1'), hashSecret('code-2'));
  });

  test('safeEqual', () => {
    assert.equal(safeEqual('123456', '123456'), true);
    assert.equal(safeEqual('123456', '123457'), false);
    assert.equal(safeEqual('123456', '1234567'), false);
    assert.equal(safeEqual('', ''), true);
    assert.equal(safeEqual('', 'a'), false);
    assert.equal(safeEqual('é', 'e\u0301'), false);
  });
});
