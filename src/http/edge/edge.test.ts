import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { originMatches } from './cors.ts';
import { hostNameOf } from './host-check.ts';

describe('edge: origin patterns and host names', () => {
  it('`:*` is any port, another `*` any host labels, `*` alone any origin', () => {
    assert.ok(originMatches('http://localhost:3000', 'http://localhost:*'));
    assert.ok(!originMatches('http://localhost', 'http://localhost:*'));
    assert.ok(!originMatches('http://localhost:3000.evil.example', 'http://localhost:*'));
    assert.ok(!originMatches('https://localhost:3000', 'http://localhost:*'));
    assert.ok(originMatches('https://app.example.com', 'https://*.example.com'));
    assert.ok(!originMatches('https://example.com.evil.example', 'https://*.example.com'));
    assert.ok(originMatches('HTTPS://APP.EXAMPLE.COM', 'https://app.example.com'));
    assert.ok(originMatches('null', '*'));
  });

  it('host names lose their port, brackets, case and trailing dot', () => {
    assert.equal(hostNameOf('Evil.Example.:8080'), 'evil.example');
    assert.equal(hostNameOf('[::1]:9339'), '::1');
    assert.equal(hostNameOf('127.0.0.1'), '127.0.0.1');
    assert.equal(hostNameOf(''), '');
  });
});
