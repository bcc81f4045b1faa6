import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { CognitoErrorName } from '../errors.ts';
import { cognitoError } from '../../../test/helpers/errors.ts';
import { DEFAULT_PASSWORD_POLICY, PASSWORD_SYMBOLS, checkPasswordPolicy, generateTemporaryPassword } from './policy.ts';
import type { PasswordPolicy } from './policy.ts';

const PREFIX = 'Password did not conform with policy: ';

function rejects(password: string, policy: PasswordPolicy, type: CognitoErrorName, message: string, member?: string): void {
  assert.throws(() => checkPasswordPolicy(password, policy, member === undefined ? {} : { member }), cognitoError(type, message, 400), JSON.stringify(password));
}

describe('checkPasswordPolicy', () => {
  test('defaults', () => {
    assert.deepEqual(DEFAULT_PASSWORD_POLICY, {
      MinimumLength: 8,
      RequireUppercase: true,
      RequireLowercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
      TemporaryPasswordValidityDays: 7,
    });
  });

  test('every policy message, checked in AWS order', () => {
    const p = DEFAULT_PASSWORD_POLICY;
    rejects('Ab1!', p, 'InvalidPasswordException', `${PREFIX}Password not long enough`);
    rejects('short', p, 'InvalidPasswordException', `${PREFIX}Password not long enough`);
    rejects('lower1!case', p, 'InvalidPasswordException', `${PREFIX}Password must have uppercase characters`);
    rejects('UPPER1!CASE', p, 'InvalidPasswordException', `${PREFIX}Password must have lowercase characters`);
    rejects('NoDigits!ok', p, 'InvalidPasswordException', `${PREFIX}Password must have numeric characters`);
    rejects('NoSymbol1ok', p, 'InvalidPasswordException', `${PREFIX}Password must have symbol characters`);
    rejects('alllowercase', p, 'InvalidPasswordException', `${PREFIX}Password must have uppercase characters`);
    checkPasswordPolicy('Valid1Pass!', p);
  });

  test('MinimumLength', () => {
    checkPasswordPolicy('abcdef', { MinimumLength: 6 });
    rejects('abcdefghi', { MinimumLength: 10 }, 'InvalidPasswordException', `${PREFIX}Password not long enough`);
    checkPasswordPolicy('abcdefghij', { MinimumLength: 10 });
    // Absent MinimumLength means the default 8; absent Require* flags are not enforced.
    rejects('abcdefg', {}, 'InvalidPasswordException', `${PREFIX}Password not long enough`);
    checkPasswordPolicy('abcdefgh', {});
  });

  test('each flag alone', () => {
    const base = { MinimumLength: 6 };
    rejects('abc123!', { ...base, RequireUppercase: true }, 'InvalidPasswordException', `${PREFIX}Password must have uppercase characters`);
    rejects('ABC123!', { ...base, RequireLowercase: true }, 'InvalidPasswordException', `${PREFIX}Password must have lowercase characters`);
    rejects('abcDEF!', { ...base, RequireNumbers: true }, 'InvalidPasswordException', `${PREFIX}Password must have numeric characters`);
    rejects('abcDEF1', { ...base, RequireSymbols: true }, 'InvalidPasswordException', `${PREFIX}Password must have symbol characters`);
    checkPasswordPolicy('abcdef', { ...base, RequireUppercase: false, RequireLowercase: true, RequireNumbers: false, RequireSymbols: false });
  });

  test('upper/lower are Latin letters; digits are 0-9', () => {
    rejects('ÄÖÜabc1!x', DEFAULT_PASSWORD_POLICY, 'InvalidPasswordException', `${PREFIX}Password must have uppercase characters`);
    rejects('äöüABC1!X', DEFAULT_PASSWORD_POLICY, 'InvalidPasswordException', `${PREFIX}Password must have lowercase characters`);
    rejects('Abcdef٣!x', DEFAULT_PASSWORD_POLICY, 'InvalidPasswordException', `${PREFIX}Password must have numeric characters`);
  });

  test('every Cognito symbol counts, including an inner space; other characters do not', () => {
    for (const sym of PASSWORD_SYMBOLS) checkPasswordPolicy(`Abcdef1${sym}x`, DEFAULT_PASSWORD_POLICY);
    checkPasswordPolicy('Abc def1', DEFAULT_PASSWORD_POLICY);
    for (const other of ['€', '§', 'é', '😀']) {
      rejects(`Abcdef1${other}x`, DEFAULT_PASSWORD_POLICY, 'InvalidPasswordException', `${PREFIX}Password must have symbol characters`);
    }
  });

  test('leading/trailing whitespace is refused as AWS does (request validation)', () => {
    const msg = (member: string): string =>
      `1 validation error detected: Value at '${member}' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$`;
    for (const bad of [' Valid1Pass!', 'Valid1Pass! ', '\tValid1Pass!', 'Valid1Pass!\n', 'Valid1\nPass!', '', 'x']) {
      rejects(bad, DEFAULT_PASSWORD_POLICY, 'InvalidParameterException', msg('password'));
    }
    rejects(' Valid1Pass!', DEFAULT_PASSWORD_POLICY, 'InvalidParameterException', msg('proposedPassword'), 'proposedPassword');
    // Whitespace is checked before the policy, as request validation runs first.
    rejects(' ab', DEFAULT_PASSWORD_POLICY, 'InvalidParameterException', msg('password'));
  });
});

describe('generateTemporaryPassword', () => {
  test('satisfies random policies', () => {
    const flag = (): boolean => Math.random() < 0.5;
    for (let i = 0; i < 100; i++) {
      const policy: PasswordPolicy = {
        MinimumLength: 6 + Math.floor(Math.random() * 94),
        RequireUppercase: flag(),
        RequireLowercase: flag(),
        RequireNumbers: flag(),
        RequireSymbols: flag(),
        TemporaryPasswordValidityDays: 7,
      };
      const pw = generateTemporaryPassword(policy);
      assert.ok(pw.length >= (policy.MinimumLength ?? 8) && pw.length <= 99);
      checkPasswordPolicy(pw, DEFAULT_PASSWORD_POLICY);
      checkPasswordPolicy(pw, policy);
    }
  });

  test('defaults and empty policy', () => {
    checkPasswordPolicy(generateTemporaryPassword(DEFAULT_PASSWORD_POLICY), DEFAULT_PASSWORD_POLICY);
    assert.ok(generateTemporaryPassword({}).length >= 12);
  });

  test('uses the injected random source', () => {
    let calls = 0;
    const zero = (max: number): number => {
      calls++;
      assert.ok(Number.isInteger(max) && max > 0);
      return 0;
    };
    const a = generateTemporaryPassword({ MinimumLength: 8 }, zero);
    assert.equal(a, generateTemporaryPassword({ MinimumLength: 8 }, zero));
    assert.ok(calls > 0);
    checkPasswordPolicy(a, DEFAULT_PASSWORD_POLICY);
    const seen = new Set(Array.from({ length: 20 }, () => generateTemporaryPassword(DEFAULT_PASSWORD_POLICY)));
    assert.equal(seen.size, 20);
  });
});
