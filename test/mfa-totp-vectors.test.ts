/**
 * The tests' TOTP generator against RFC 6238 Appendix B, and the server's TOTP check (otpauth)
 * against the generator: the same codes, ±1 step accepted, 2 steps refused.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { matchTotpStep, newTotpSecret } from '../src/domain/mfa/totp.ts';
import { base32Decode, totp, totpCode } from './helpers/mfa.ts';

// RFC 6238 Appendix B: seeds are the ASCII strings below; codes are 8 digits.
const SEED_SHA1 = Buffer.from('12345678901234567890', 'ascii');
const SEED_SHA256 = Buffer.from('12345678901234567890123456789012', 'ascii');
const SEED_SHA512 = Buffer.from('1234567890123456789012345678901234567890123456789012345678901234', 'ascii');
const VECTORS: Array<[number, string, string, string]> = [
  // time (s), SHA1, SHA256, SHA512
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it('the test generator reproduces the RFC 6238 test vectors', () => {
    for (const [t, sha1, sha256, sha512] of VECTORS) {
      assert.equal(totp(SEED_SHA1, t * 1000, 8, 'sha1'), sha1, `SHA1 at ${t}`);
      assert.equal(totp(SEED_SHA256, t * 1000, 8, 'sha256'), sha256, `SHA256 at ${t}`);
      assert.equal(totp(SEED_SHA512, t * 1000, 8, 'sha512'), sha512, `SHA512 at ${t}`);
    }
  });

  it('6-digit codes are the last six digits of the 8-digit ones (same truncation)', () => {
    for (const [t, sha1] of VECTORS) assert.equal(totp(SEED_SHA1, t * 1000, 6), sha1.slice(2));
  });

  it('server secrets are 32 base32 characters (160 random bits), all different', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const s = newTotpSecret();
      assert.match(s, /^[A-Z2-7]{32}$/);
      assert.equal(base32Decode(s).length, 20);
      seen.add(s);
    }
    assert.equal(seen.size, 50);
  });

  it('the server accepts the current step and one either side, and names the step', () => {
    const secret = newTotpSecret();
    const now = 1_700_000_015_000;
    const step = Math.floor(now / 30_000);
    assert.equal(matchTotpStep(secret, totpCode(secret, now), now), step);
    assert.equal(matchTotpStep(secret, totpCode(secret, now - 30_000), now), step - 1);
    assert.equal(matchTotpStep(secret, totpCode(secret, now + 30_000), now), step + 1);
    assert.equal(matchTotpStep(secret, totpCode(secret, now - 60_000), now), undefined);
    assert.equal(matchTotpStep(secret, totpCode(secret, now + 60_000), now), undefined);
    assert.equal(matchTotpStep(secret, '12345', now), undefined);
    assert.equal(matchTotpStep(secret, 'abcdef', now), undefined);
  });

  it('the server agrees with the generator on the RFC seed', () => {
    const base32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // base32("12345678901234567890")
    assert.deepEqual(base32Decode(base32), SEED_SHA1);
    for (const [t, sha1] of VECTORS) assert.equal(matchTotpStep(base32, sha1.slice(2), t * 1000), Math.floor(t / 30));
  });
});
