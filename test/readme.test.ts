import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { handlers } from '../src/api/index.ts';
import { operationNames } from '../src/generated/operations.ts';

describe('README operations list', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Operations'), readme.indexOf('## Sign-in and tokens'));
  const supported = section.slice(0, section.indexOf('Not supported'));
  const unsupported = section.slice(section.indexOf('Not supported'));
  const named = (text: string, op: string): boolean => new RegExp(`\\b${op}\\b`).test(text);

  it('names every operation of the model exactly once: supported or not supported', () => {
    for (const op of operationNames) {
      const inSupported = named(supported, op);
      const inUnsupported = named(unsupported, op);
      assert.ok(inSupported !== inUnsupported, `${op} must be listed in exactly one of the two lists`);
    }
  });

  it('lists as supported only operations that have a handler', () => {
    for (const op of operationNames) {
      if (named(supported, op)) assert.ok(op in handlers, `${op} is listed as supported but has no handler`);
    }
  });

  it('states the count of supported operations correctly', () => {
    const count = operationNames.filter((op) => named(supported, op)).length;
    assert.match(section, new RegExp(`^${count} of the ${operationNames.length} operations`, 'm'));
  });
});
