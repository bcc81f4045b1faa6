import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cognitoError } from '../../../test/helpers/errors.ts';
import { escapeLike, filterIsCaseSensitive, parseUserFilter, type FilterAttribute } from './filter.ts';

function assertInvalid(filter: string, message: string): void {
  assert.throws(() => parseUserFilter(filter), cognitoError('InvalidParameterException', message, 400), JSON.stringify(filter));
}

const PARSE_ERROR = 'Error while parsing filter.';

describe('parseUserFilter: no filter', () => {
  it('undefined, empty and whitespace-only mean no filter', () => {
    assert.equal(parseUserFilter(undefined), undefined);
    assert.equal(parseUserFilter(''), undefined);
    assert.equal(parseUserFilter('   '), undefined);
    assert.equal(parseUserFilter('\t\n '), undefined);
  });
});

describe('parseUserFilter: valid forms', () => {
  it('exact match with spaces', () => {
    assert.deepEqual(parseUserFilter('email = "a"'), { attribute: 'email', op: 'equals', value: 'a' });
  });

  it('exact match without spaces', () => {
    assert.deepEqual(parseUserFilter('email="a"'), { attribute: 'email', op: 'equals', value: 'a' });
  });

  it('asymmetric and leading/trailing whitespace', () => {
    assert.deepEqual(parseUserFilter('  email=  "a"  '), { attribute: 'email', op: 'equals', value: 'a' });
    assert.deepEqual(parseUserFilter('email   ="a"'), { attribute: 'email', op: 'equals', value: 'a' });
  });

  it('prefix match', () => {
    assert.deepEqual(parseUserFilter('phone_number ^= "+1312"'), {
      attribute: 'phone_number',
      op: 'startsWith',
      value: '+1312',
    });
    assert.deepEqual(parseUserFilter('given_name^="Jon"'), { attribute: 'given_name', op: 'startsWith', value: 'Jon' });
  });

  it('cognito:user_status', () => {
    assert.deepEqual(parseUserFilter('cognito:user_status = "FORCE_CHANGE_PASSWORD"'), {
      attribute: 'cognito:user_status',
      op: 'equals',
      value: 'FORCE_CHANGE_PASSWORD',
    });
  });

  it('every searchable attribute', () => {
    const attrs: FilterAttribute[] = [
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
    ];
    for (const attribute of attrs) {
      assert.deepEqual(parseUserFilter(`${attribute} = "x"`), { attribute, op: 'equals', value: 'x' });
      assert.deepEqual(parseUserFilter(`${attribute} ^= "x"`), { attribute, op: 'startsWith', value: 'x' });
    }
  });

  it('empty value', () => {
    assert.deepEqual(parseUserFilter('family_name = ""'), { attribute: 'family_name', op: 'equals', value: '' });
  });

  it('value keeps inner and surrounding spaces', () => {
    assert.deepEqual(parseUserFilter('name = " Jane  Doe "'), { attribute: 'name', op: 'equals', value: ' Jane  Doe ' });
  });

  it('escaped quote', () => {
    assert.deepEqual(parseUserFilter('name = "say \\"hi\\""'), { attribute: 'name', op: 'equals', value: 'say "hi"' });
  });

  it('escaped backslash', () => {
    assert.deepEqual(parseUserFilter('name = "a\\\\b"'), { attribute: 'name', op: 'equals', value: 'a\\b' });
  });

  it('escaped backslash right before the closing quote', () => {
    assert.deepEqual(parseUserFilter('name = "a\\\\"'), { attribute: 'name', op: 'equals', value: 'a\\' });
  });

  it('escaped backslash followed by escaped quote', () => {
    assert.deepEqual(parseUserFilter('name = "\\\\\\""'), { attribute: 'name', op: 'equals', value: '\\"' });
  });

  it('other backslash pairs are kept verbatim', () => {
    assert.deepEqual(parseUserFilter('name = "a\\nb\\%"'), { attribute: 'name', op: 'equals', value: 'a\\nb\\%' });
  });

  it('SQL / LIKE metacharacters are returned verbatim', () => {
    assert.deepEqual(parseUserFilter(`email ^= "100%_o'k\\"--;"`), {
      attribute: 'email',
      op: 'startsWith',
      value: `100%_o'k"--;`,
    });
    assert.deepEqual(parseUserFilter(`name = "' OR '1'='1"`), { attribute: 'name', op: 'equals', value: `' OR '1'='1` });
    assert.deepEqual(parseUserFilter('name = "%"'), { attribute: 'name', op: 'equals', value: '%' });
    assert.deepEqual(parseUserFilter('name = "_"'), { attribute: 'name', op: 'equals', value: '_' });
  });

  it('operators and = inside the value', () => {
    assert.deepEqual(parseUserFilter('name = "a ^= b = c"'), { attribute: 'name', op: 'equals', value: 'a ^= b = c' });
  });

  it('non-ASCII value', () => {
    assert.deepEqual(parseUserFilter('name ^= "Zoë 日本"'), { attribute: 'name', op: 'startsWith', value: 'Zoë 日本' });
  });
});

describe('parseUserFilter: errors', () => {
  it('no quotes', () => {
    assertInvalid('email = a', PARSE_ERROR);
    assertInvalid('username = foo', PARSE_ERROR);
  });

  it('single quotes', () => {
    assertInvalid("email = 'a'", PARSE_ERROR);
  });

  it('unterminated value', () => {
    assertInvalid('email = "a', PARSE_ERROR);
    assertInvalid('email = "a\\"', PARSE_ERROR);
    assertInvalid('email = "', PARSE_ERROR);
  });

  it('missing value', () => {
    assertInvalid('username=', PARSE_ERROR);
    assertInvalid('email =', PARSE_ERROR);
  });

  it('unknown operators', () => {
    assertInvalid('email == "a"', PARSE_ERROR);
    assertInvalid('email != "a"', PARSE_ERROR);
    assertInvalid('email ~= "a"', PARSE_ERROR);
    assertInvalid('email $= "a"', PARSE_ERROR);
    assertInvalid('email eq "a"', PARSE_ERROR);
    assertInvalid('email ^ "a"', PARSE_ERROR);
    assertInvalid('email "a"', PARSE_ERROR);
  });

  it('trailing junk', () => {
    assertInvalid('email = "a" x', PARSE_ERROR);
    assertInvalid('email = "a""', PARSE_ERROR);
    assertInvalid('email = "a" and name = "b"', PARSE_ERROR);
    assertInvalid('email = "a";', PARSE_ERROR);
  });

  it('leading junk / missing attribute', () => {
    assertInvalid('= "a"', PARSE_ERROR);
    assertInvalid('"email" = "a"', PARSE_ERROR);
    assertInvalid('foo', PARSE_ERROR);
  });

  it('attribute names with characters outside [\\w:]', () => {
    assertInvalid('e-mail = "a"', PARSE_ERROR);
    assertInvalid('em ail = "a"', PARSE_ERROR);
  });

  it('custom attributes', () => {
    assertInvalid('custom:x = "a"', 'Invalid search attribute: custom:x');
    assertInvalid('custom:dept ^= "a"', 'Invalid search attribute: custom:dept');
  });

  it('unknown attributes', () => {
    assertInvalid('foo = "a"', 'Invalid search attribute: foo');
    assertInvalid('email_verified = "true"', 'Invalid search attribute: email_verified');
    assertInvalid('Email = "a"', 'Invalid search attribute: Email');
    assertInvalid('cognito:username = "a"', 'Invalid search attribute: cognito:username');
  });

  it('a syntax error wins over an unknown attribute', () => {
    assertInvalid('custom:x = a', PARSE_ERROR);
  });
});

describe('filterIsCaseSensitive', () => {
  it('status is always case-sensitive', () => {
    assert.equal(filterIsCaseSensitive('status', true), true);
    assert.equal(filterIsCaseSensitive('status', false), true);
  });

  it('username follows the pool setting', () => {
    assert.equal(filterIsCaseSensitive('username', true), true);
    assert.equal(filterIsCaseSensitive('username', false), false);
  });

  it('everything else is case-insensitive', () => {
    const others: FilterAttribute[] = [
      'email',
      'phone_number',
      'name',
      'given_name',
      'family_name',
      'preferred_username',
      'cognito:user_status',
      'sub',
    ];
    for (const attr of others) {
      assert.equal(filterIsCaseSensitive(attr, true), false, attr);
      assert.equal(filterIsCaseSensitive(attr, false), false, attr);
    }
  });
});

describe('escapeLike', () => {
  it('escapes backslash, percent and underscore', () => {
    assert.equal(escapeLike('a%b_c\\d'), 'a\\%b\\_c\\\\d');
    assert.equal(escapeLike('%%'), '\\%\\%');
    assert.equal(escapeLike('\\'), '\\\\');
  });

  it('leaves everything else alone', () => {
    assert.equal(escapeLike(''), '');
    assert.equal(escapeLike(`plain 'quoted' "x" [a-z]* +1312`), `plain 'quoted' "x" [a-z]* +1312`);
  });
});
