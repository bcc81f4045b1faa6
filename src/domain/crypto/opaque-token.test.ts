import assert from 'node:assert/strict';
import { test } from 'node:test';
import { opaqueToken } from './opaque-token.ts';

test('opaque tokens are base64url of the asked length and never start like a command-line option', () => {
  const firsts = new Set<string>();
  for (let i = 0; i < 5000; i++) {
    const token = opaqueToken(48);
    assert.match(token, /^[A-Za-z0-9][A-Za-z0-9_-]{63}$/);
    firsts.add(token[0]!);
  }
  // Still spread over the alphabet (62 allowed first characters), not a fixed prefix.
  assert.ok(firsts.size > 50, `only ${firsts.size} distinct first characters`);
});
