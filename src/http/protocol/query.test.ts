import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OperationName } from '../../generated/operations.ts';
import { CognitoError, type CognitoErrorName } from '../../domain/errors.ts';
import { cognitoError } from '../../../test/helpers/errors.ts';
import { decodeQueryInput } from './query.ts';
import { validateInput } from './validate.ts';

const POOL = 'us-east-1_AbCdEfGhI';

const decode = (operation: OperationName, query: string): Record<string, unknown> =>
  decodeQueryInput(operation, new URLSearchParams(query));

function serializationError(operation: OperationName, query: string, message: RegExp, type: CognitoErrorName = 'SerializationException'): void {
  assert.throws(() => decode(operation, query), cognitoError(type, message));
}

describe('decodeQueryInput', () => {
  it('decodes scalars and skips reserved parameters', () => {
    const input = decode(
      'AdminGetUser',
      `Action=AdminGetUser&Version=2016-04-18&UserPoolId=${POOL}&Username=jane&X-Amz-Date=20250101T000000Z&x-amz-signature=ab`,
    );
    assert.deepEqual(input, { UserPoolId: POOL, Username: 'jane' });
  });

  it('rejects unknown parameters by name, suggesting the member a wrong-case name meant', () => {
    const invalid = (query: string, message: RegExp): void => serializationError('AdminGetUser', query, message, 'InvalidParameterException');
    invalid(`UserPoolId=${POOL}&Username=jane&Bogus=1`, /^Unknown parameter for AdminGetUser: 'Bogus'\.$/);
    invalid(`userPoolId=${POOL}&username=jane`, /^Unknown parameters for AdminGetUser: 'userPoolId' \(did you mean 'UserPoolId'\? names are case-sensitive\), 'username' \(did you mean 'Username'\?/);
    serializationError('UpdateUserPool', `UserPoolId=${POOL}&Policies.passwordPolicy.MinimumLength=8`, /'Policies\.passwordPolicy' \(did you mean 'PasswordPolicy'\?/, 'InvalidParameterException');
    const many = Array.from({ length: 9 }, (_, i) => `x${i}=1`).join('&');
    invalid(many, /'x4' and 4 more\.$/);
    invalid(`${'N'.repeat(5000)}=1`, /^Unknown parameter for AdminGetUser: 'N{61}\.\.\.'\.$/);
  });

  it('coerces integers and booleans (case-insensitive) by the member type', () => {
    assert.deepEqual(decode('ListUsers', `UserPoolId=${POOL}&Limit=10&Filter=email%20%5E%3D%20%22ja%22`), {
      UserPoolId: POOL,
      Limit: 10,
      Filter: 'email ^= "ja"',
    });
    assert.equal(decode('AdminCreateUser', `UserPoolId=${POOL}&Username=j&ForceAliasCreation=TRUE`)['ForceAliasCreation'], true);
    assert.equal(decode('AdminCreateUser', `UserPoolId=${POOL}&Username=j&ForceAliasCreation=false`)['ForceAliasCreation'], false);
    assert.equal(decode('ListUsers', 'Limit=-3')['Limit'], -3);
  });

  it('rejects values that do not fit a scalar type', () => {
    serializationError('ListUsers', `UserPoolId=${POOL}&Limit=ten`, /can not be converted to an Integer \(parameter 'Limit'\)/);
    serializationError('ListUsers', 'Limit=1.5', /Integer/);
    serializationError('ListUsers', 'Limit=', /Integer/);
    serializationError('AdminCreateUser', 'ForceAliasCreation=yes', /can not be converted to a Boolean/);
    serializationError('ListUsers', 'Limit=1&Limit=2', /given more than once/);
  });

  it('keeps strings raw, including JSON-looking ones', () => {
    assert.equal(decode('AdminGetUser', 'Username=%7B%22a%22%3A1%7D')['Username'], '{"a":1}');
  });

  it('decodes a structured member given as one JSON value', () => {
    const input = decode(
      'AdminCreateUser',
      `UserPoolId=${POOL}&Username=j&UserAttributes=${encodeURIComponent('[{"Name":"email","Value":"a@b.c"}]')}` +
        `&ClientMetadata=${encodeURIComponent('{"k":"v"}')}`,
    );
    assert.deepEqual(input, {
      UserPoolId: POOL,
      Username: 'j',
      UserAttributes: [{ Name: 'email', Value: 'a@b.c' }],
      ClientMetadata: { k: 'v' },
    });
    assert.deepEqual(decode('UpdateUserPool', `Policies=${encodeURIComponent('{"PasswordPolicy":{"MinimumLength":8}}')}`), {
      Policies: { PasswordPolicy: { MinimumLength: 8 } },
    });
    assert.deepEqual(decode('ListUsers', `AttributesToGet=${encodeURIComponent('["email","name"]')}`), {
      AttributesToGet: ['email', 'name'],
    });
  });

  it('decodes a document member as JSON', () => {
    const credential = { id: 'abc', response: { n: 1 } };
    assert.deepEqual(decode('CompleteWebAuthnRegistration', `Credential=${encodeURIComponent(JSON.stringify(credential))}`), {
      Credential: credential,
    });
  });

  it('rejects malformed JSON without echoing the value', () => {
    const secret = 'hunter2-secret';
    assert.throws(
      () => decode('InitiateAuth', `AuthParameters=${encodeURIComponent(`{"PASSWORD":"${secret}"`)}`),
      (err: unknown) => err instanceof CognitoError && err.type === 'SerializationException' && !err.message.includes(secret),
    );
    serializationError('AdminCreateUser', 'UserAttributes=%5B%7B', /'UserAttributes' is not valid JSON.*UserAttributes\.member\.1/);
  });

  it('decodes lists of structures in query notation (X.member.N.Field)', () => {
    const input = decode(
      'AdminCreateUser',
      `UserPoolId=${POOL}&Username=j` +
        '&UserAttributes.member.2.Name=name&UserAttributes.member.2.Value=Jane' +
        '&UserAttributes.member.1.Name=email&UserAttributes.member.1.Value=a%40b.c',
    );
    assert.deepEqual(input['UserAttributes'], [
      { Name: 'email', Value: 'a@b.c' },
      { Name: 'name', Value: 'Jane' },
    ]);
  });

  it('accepts flattened lists (X.N.Field) and orders indexes numerically', () => {
    const input = decode('AdminCreateUser', 'UserAttributes.10.Name=ten&UserAttributes.2.Name=two&UserAttributes.1.Name=one');
    assert.deepEqual(input['UserAttributes'], [{ Name: 'one' }, { Name: 'two' }, { Name: 'ten' }]);
  });

  it('decodes lists of scalars as X.member.N, repeated X, or a single plain X', () => {
    assert.deepEqual(decode('ListUsers', 'AttributesToGet.member.2=name&AttributesToGet.member.1=email')['AttributesToGet'], ['email', 'name']);
    assert.deepEqual(decode('ListUsers', 'AttributesToGet=email&AttributesToGet=name')['AttributesToGet'], ['email', 'name']);
    assert.deepEqual(decode('ListUsers', 'AttributesToGet=email')['AttributesToGet'], ['email']);
  });

  it('decodes maps as X.entry.N.key / X.entry.N.value', () => {
    const input = decode(
      'AdminConfirmSignUp',
      'ClientMetadata.entry.1.key=source&ClientMetadata.entry.1.value=web&ClientMetadata.entry.2.key=__proto__&ClientMetadata.entry.2.value=p',
    );
    const meta = input['ClientMetadata'] as Record<string, unknown>;
    assert.deepEqual(Object.entries(meta), [
      ['source', 'web'],
      ['__proto__', 'p'],
    ]);
    assert.equal(Object.getPrototypeOf(meta), Object.prototype);
    serializationError('AdminConfirmSignUp', 'ClientMetadata.entry.1.key=k', /needs both 'ClientMetadata\.entry\.1\.key' and 'ClientMetadata\.entry\.1\.value'/);
  });

  it('decodes nested structures as X.Member.Member with typed scalars', () => {
    assert.deepEqual(
      decode('UpdateUserPool', `UserPoolId=${POOL}&Policies.PasswordPolicy.MinimumLength=8&Policies.PasswordPolicy.RequireNumbers=True`),
      { UserPoolId: POOL, Policies: { PasswordPolicy: { MinimumLength: 8, RequireNumbers: true } } },
    );
  });

  it('rejects malformed query notation on a known member', () => {
    serializationError('AdminCreateUser', 'UserAttributes.foo=1', /'UserAttributes\.foo' is not valid/);
    serializationError('AdminCreateUser', 'UserAttributes.member.0.Name=x', /'UserAttributes\.member\.0' is not valid/);
    serializationError('AdminCreateUser', 'UserAttributes=%5B%5D&UserAttributes.member.1.Name=x', /both as a value and in query notation/);
    serializationError('AdminGetUser', 'Username.member.1=x', /'Username' is a scalar/);
  });

  it('produces what a JSON body would, so validation is identical', () => {
    const query = decode(
      'AdminCreateUser',
      `UserPoolId=${POOL}&Username=jane&UserAttributes.member.1.Name=email&UserAttributes.member.1.Value=a%40b.c` +
        '&DesiredDeliveryMediums.member.1=EMAIL&MessageAction=SUPPRESS&ForceAliasCreation=true',
    );
    const json = {
      UserPoolId: POOL,
      Username: 'jane',
      UserAttributes: [{ Name: 'email', Value: 'a@b.c' }],
      DesiredDeliveryMediums: ['EMAIL'],
      MessageAction: 'SUPPRESS',
      ForceAliasCreation: true,
    };
    assert.deepEqual(validateInput('AdminCreateUser', query), validateInput('AdminCreateUser', json));
    assert.throws(
      () => validateInput('ListUsers', decode('ListUsers', `UserPoolId=${POOL}&Limit=61`)),
      (err: unknown) =>
        err instanceof CognitoError &&
        err.message ===
          "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
    );
  });
});
