import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { modelShapes } from '../../generated/model.ts';
import { operationNames, type OperationName } from '../../generated/operations.ts';
import { CognitoError, type CognitoErrorName } from '../../domain/errors.ts';
import { cognitoError } from '../../../test/helpers/errors.ts';
import { compilePattern, validateInput } from './validate.ts';

const POOL = 'us-east-1_AbCdEfGhI';

function rejects(operation: OperationName, input: unknown, type: CognitoErrorName, message: string): void {
  assert.throws(() => validateInput(operation, input), cognitoError(type, message, 400));
}

const invalid = (operation: OperationName, input: unknown, message: string): void =>
  rejects(operation, input, 'InvalidParameterException', message);
const serialization = (operation: OperationName, input: unknown, message: string): void =>
  rejects(operation, input, 'SerializationException', message);

describe('validateInput: constraints', () => {
  it('accepts a valid input and returns it', () => {
    assert.deepEqual(validateInput('AdminGetUser', { UserPoolId: POOL, Username: 'jane' }), { UserPoolId: POOL, Username: 'jane' });
  });

  it('reports a pattern mismatch in AWS format, quoting the model pattern', () => {
    invalid(
      'AdminGetUser',
      { UserPoolId: 'x', Username: 'jane' },
      "1 validation error detected: Value 'x' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+",
    );
  });

  it('reports missing required members as null, all of them, joined with "; "', () => {
    invalid(
      'AdminGetUser',
      {},
      "2 validation errors detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null; " +
        "Value null at 'username' failed to satisfy constraint: Member must not be null",
    );
  });

  it('treats null members as absent', () => {
    invalid(
      'AdminGetUser',
      { UserPoolId: POOL, Username: null },
      "1 validation error detected: Value null at 'username' failed to satisfy constraint: Member must not be null",
    );
    assert.deepEqual(validateInput('ListUsers', { UserPoolId: POOL, Limit: null, Filter: null }), { UserPoolId: POOL });
  });

  it('says "Value null" even for a sensitive member (as AWS does for clientId)', () => {
    invalid(
      'InitiateAuth',
      { AuthFlow: 'USER_PASSWORD_AUTH' },
      "1 validation error detected: Value null at 'clientId' failed to satisfy constraint: Member must not be null",
    );
  });

  it('checks length bounds (max and min)', () => {
    invalid(
      'AdminAddUserToGroup',
      { UserPoolId: POOL, Username: 'jane', GroupName: 'g'.repeat(129) },
      `1 validation error detected: Value '${'g'.repeat(129)}' at 'groupName' failed to satisfy constraint: Member must have length less than or equal to 128`,
    );
    invalid(
      'AdminAddUserToGroup',
      { UserPoolId: POOL, Username: 'jane', GroupName: '' },
      "2 validation errors detected: Value '' at 'groupName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
    );
  });

  it('counts length in characters (code points), not UTF-16 units', () => {
    const emoji = '😀'.repeat(128); // 256 UTF-16 units
    assert.equal(validateInput('AdminGetUser', { UserPoolId: POOL, Username: emoji })['Username'], emoji);
    invalid(
      'AdminGetUser',
      { UserPoolId: POOL, Username: `${emoji}😀` },
      "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must have length less than or equal to 128",
    );
  });

  it('checks enum value sets', () => {
    invalid(
      'AdminCreateUser',
      { UserPoolId: POOL, Username: 'jane', MessageAction: 'NOPE' },
      "1 validation error detected: Value 'NOPE' at 'messageAction' failed to satisfy constraint: Member must satisfy enum value set: [RESEND, SUPPRESS]",
    );
  });

  it('checks integer ranges', () => {
    invalid(
      'ListUsers',
      { UserPoolId: POOL, Limit: 61 },
      "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
    );
    invalid(
      'ListUsers',
      { UserPoolId: POOL, Limit: -1 },
      "1 validation error detected: Value '-1' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 0",
    );
    assert.equal(validateInput('ListUsers', { UserPoolId: POOL, Limit: 60 })['Limit'], 60);
  });

  it('reports nested list members as <list>.<1-based index>.member.<member>', () => {
    invalid(
      'AdminUpdateUserAttributes',
      { UserPoolId: POOL, Username: 'jane', UserAttributes: [{ Name: 'email', Value: 'a@b.c' }, { Value: 'x' }] },
      "1 validation error detected: Value null at 'userAttributes.2.member.name' failed to satisfy constraint: Member must not be null",
    );
    invalid(
      'AddCustomAttributes',
      { UserPoolId: POOL, CustomAttributes: [{ Name: 'phone_number_verified' }] },
      "1 validation error detected: Value 'phone_number_verified' at 'customAttributes.1.member.name' failed to satisfy constraint: Member must have length less than or equal to 20",
    );
    invalid(
      'AdminUpdateUserAttributes',
      { UserPoolId: POOL, Username: 'jane', UserAttributes: [null] },
      "1 validation error detected: Value null at 'userAttributes.1.member' failed to satisfy constraint: Member must not be null",
    );
  });

  it('reports nested structure members with dotted paths', () => {
    invalid(
      'UpdateUserPool',
      { UserPoolId: POOL, Policies: { PasswordPolicy: { MinimumLength: 5 } } },
      "1 validation error detected: Value '5' at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value greater than or equal to 6",
    );
  });

  it('omits the value of sensitive members', () => {
    invalid(
      'SignUp',
      { ClientId: 'client1', Username: 'jane', Password: 'x'.repeat(257) },
      "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to 256",
    );
    invalid(
      'AdminGetUser',
      { UserPoolId: POOL, Username: 'has space' },
      "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
    );
    invalid(
      'AdminUpdateUserAttributes',
      { UserPoolId: POOL, Username: 'jane', UserAttributes: [{ Name: 'email', Value: 'v'.repeat(2049) }] },
      "1 validation error detected: Value at 'userAttributes.1.member.value' failed to satisfy constraint: Member must have length less than or equal to 2048",
    );
  });

  it('allows inner spaces in passwords but not an empty or blank one', () => {
    assert.equal(validateInput('SignUp', { ClientId: 'client1', Username: 'jane', Password: 'correct horse battery' })['Password'], 'correct horse battery');
    for (const Password of ['', '   ']) {
      invalid(
        'SignUp',
        { ClientId: 'client1', Username: 'jane', Password },
        "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\S]+",
      );
    }
  });

  it('reports a failing scalar list element at the list, quoting the element constraints', () => {
    invalid(
      'ListUsers',
      { UserPoolId: POOL, AttributesToGet: ['email', ''] },
      "1 validation error detected: Value '[email, ]' at 'attributesToGet' failed to satisfy constraint: Member must satisfy constraint: " +
        '[Member must have length less than or equal to 32, Member must have length greater than or equal to 1, ' +
        'Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\t\\n\\r ]+, Member must not be null]',
    );
  });

  it('checks list length bounds', () => {
    invalid(
      'AddCustomAttributes',
      { UserPoolId: POOL, CustomAttributes: [] },
      "1 validation error detected: Value '[]' at 'customAttributes' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('reports map key and value constraints in AWS format', () => {
    invalid(
      'CreateUserPool',
      { PoolName: 'demo', UserPoolTags: { '': 'v' } },
      "1 validation error detected: Value '{=v}' at 'userPoolTags' failed to satisfy constraint: Map keys must satisfy constraint: " +
        '[Member must have length less than or equal to 128, Member must have length greater than or equal to 1, Member must not be null]',
    );
    invalid(
      'CreateUserPool',
      { PoolName: 'demo', UserPoolTags: { k: 'v'.repeat(257) } },
      `1 validation error detected: Value '{k=${'v'.repeat(257)}}' at 'userPoolTags' failed to satisfy constraint: Map value must satisfy constraint: ` +
        '[Member must have length less than or equal to 256, Member must have length greater than or equal to 0]',
    );
  });

  it('keeps map entries keyed __proto__ as plain data', () => {
    const input = JSON.parse(`{"UserPoolId":"${POOL}","Username":"jane","ClientMetadata":{"__proto__":"x","a":"b"}}`) as unknown;
    const out = validateInput('AdminConfirmSignUp', input);
    const meta = out['ClientMetadata'] as Record<string, unknown>;
    assert.deepEqual(Object.keys(meta), ['__proto__', 'a']);
    assert.equal(Object.getPrototypeOf(meta), Object.prototype);
  });

  it('applies (?s).* patterns across lines', () => {
    const out = validateInput('UpdateUserPool', {
      UserPoolId: POOL,
      AdminCreateUserConfig: { InviteMessageTemplate: { SMSMessage: 'Hi {username}\nyour code is {####}' } },
    });
    assert.ok(out['AdminCreateUserConfig']);
  });
});

describe('validateInput: JSON types', () => {
  it('rejects a non-object body', () => {
    serialization('AdminGetUser', [1], 'Start of list found where not expected.');
    serialization('AdminGetUser', 'x', 'STRING_VALUE can not be converted to a Structure');
  });

  it('treats a null or absent body as {}', () => {
    invalid(
      'ListUserPools',
      null,
      "1 validation error detected: Value null at 'maxResults' failed to satisfy constraint: Member must not be null",
    );
  });

  it('rejects members of the wrong JSON type, before any constraint check', () => {
    serialization('ListUsers', { UserPoolId: 'bad', Limit: '6' }, 'STRING_VALUE can not be converted to an Integer');
    serialization('ListUsers', { UserPoolId: POOL, Limit: 1.5 }, 'NUMBER_VALUE can not be converted to an Integer');
    serialization('ListUsers', { UserPoolId: { a: 1 } }, 'Start of structure or map found where not expected.');
    serialization('ListUsers', { UserPoolId: POOL, AttributesToGet: 'email' }, 'STRING_VALUE can not be converted to a List');
    serialization('ListUsers', { UserPoolId: POOL, AttributesToGet: [1] }, 'NUMBER_VALUE can not be converted to a String');
    serialization('AdminGetUser', { UserPoolId: 42, Username: 'jane' }, 'NUMBER_VALUE can not be converted to a String');
    serialization('AdminCreateUser', { UserPoolId: POOL, Username: 'j', ForceAliasCreation: 'true' }, 'STRING_VALUE can not be converted to a Boolean');
    serialization('AdminCreateUser', { UserPoolId: POOL, Username: 'j', UserAttributes: [['x']] }, 'Start of list found where not expected.');
    serialization('AdminCreateUser', { UserPoolId: POOL, Username: 'j', ClientMetadata: { a: true } }, 'TRUE_VALUE can not be converted to a String');
  });

  it('requires base64 for blobs', () => {
    serialization('SetUICustomization', { UserPoolId: POOL, ImageFile: 'not base64!' }, 'Base64 encoded value is not valid.');
    assert.equal(validateInput('SetUICustomization', { UserPoolId: POOL, ImageFile: 'aGVsbG8=' })['ImageFile'], 'aGVsbG8=');
  });

  it('passes documents through as any JSON value', () => {
    const credential = { id: 'abc', response: { clientDataJSON: 'x', list: [1, null, true] } };
    const out = validateInput('CompleteWebAuthnRegistration', { AccessToken: 'a.b.c', Credential: credential });
    assert.deepEqual(out['Credential'], credential);
  });

  it('drops unknown members at every level and does not mutate the input', () => {
    const input = {
      UserPoolId: POOL,
      Username: 'jane',
      Extra: 1,
      UserAttributes: [{ Name: 'email', Value: 'a@b.c', Junk: true }],
    };
    const out = validateInput('AdminCreateUser', input);
    assert.deepEqual(out, { UserPoolId: POOL, Username: 'jane', UserAttributes: [{ Name: 'email', Value: 'a@b.c' }] });
    assert.equal(input.Extra, 1);
    assert.notEqual(out, input);
  });
});

describe('model patterns', () => {
  it('every pattern in the model compiles as a JS unicode regex', () => {
    const model = JSON.parse(readFileSync(new URL('../../../model/cognito-idp/service-2.json', import.meta.url), 'utf8')) as {
      shapes: Record<string, { pattern?: string }>;
    };
    const patterns = Object.entries(model.shapes).filter((e): e is [string, { pattern: string }] => e[1].pattern !== undefined);
    assert.ok(patterns.length > 50);
    for (const [name, { pattern }] of patterns) {
      assert.doesNotThrow(() => compilePattern(pattern), `${name}: ${pattern}`);
      assert.doesNotThrow(() => compilePattern(pattern, false), `${name}: ${pattern}`);
    }
  });

  it('anchors patterns to the whole value and translates (?s)', () => {
    const pool = compilePattern('[\\w-]+_[0-9a-zA-Z]+');
    assert.ok(pool.test(POOL));
    assert.ok(!pool.test(`${POOL} `));
    assert.ok(!pool.test(`x${POOL}!`));
    const any = compilePattern('(?s).*');
    assert.equal(any.flags, 'su');
    assert.ok(any.test('a\nb'));
    assert.ok(compilePattern('[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+').test('Zoë😀'));
  });

  it('builds a validator for every operation', () => {
    assert.equal(operationNames.length, 122);
    for (const op of operationNames) {
      try {
        validateInput(op, {});
      } catch (err) {
        assert.ok(err instanceof CognitoError && err.type === 'InvalidParameterException', `${op}: ${String(err)}`);
      }
    }
  });

  it('has a constraint entry for every shape the validator can reach', () => {
    for (const [name, shape] of Object.entries(modelShapes)) {
      for (const target of [...Object.values(shape.members ?? {}), shape.member, shape.key, shape.value]) {
        if (target !== undefined) assert.ok(modelShapes[target], `${name} → ${target}`);
      }
    }
  });
});
