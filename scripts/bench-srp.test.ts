import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeVerifier, formatSrpTimestamp, startSrp, verifySrpSignature } from '../src/domain/passwords/srp.ts';
import { srpRespond, srpStart } from './bench-srp.ts';

describe('bench SRP client', () => {
  it('produces a PASSWORD_CLAIM_SIGNATURE the server-side SRP accepts, and only for the right password', () => {
    const poolId = 'us-east-1_AbCdEfGhI';
    const userId = 'user1';
    const stored = computeVerifier('AbCdEfGhI', userId, 'Bench-Passw0rd!');
    const server = startSrp(stored.verifier);
    const secretBlock = Buffer.from('secret-block-bytes').toString('base64');
    const now = new Date('2026-01-02T03:04:05Z');
    const params = { SALT: stored.salt.toString('hex'), SRP_B: server.B.toString(16), SECRET_BLOCK: secretBlock, USER_ID_FOR_SRP: userId };
    const client = srpStart();
    const check = (password: string): boolean => {
      const r = srpRespond(poolId, password, client, params, now);
      assert.equal(r['USERNAME'], userId);
      assert.equal(r['TIMESTAMP'], formatSrpTimestamp(now));
      return verifySrpSignature({ poolName: 'AbCdEfGhI', userId, A: client.A, B: server.B, b: server.b, verifier: stored.verifier, secretBlock: Buffer.from(secretBlock, 'base64'), timestamp: r['TIMESTAMP'] ?? '', signature: r['PASSWORD_CLAIM_SIGNATURE'] ?? '' });
    };
    assert.equal(check('Bench-Passw0rd!'), true);
    assert.equal(check('Wrong-Passw0rd!'), false);
  });
});
