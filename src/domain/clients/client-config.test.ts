import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import {
  clientConfigFrom,
  clientSecretOf,
  effectiveAuthFlows,
  generateClientSecret,
  newClientId,
  sealClientSecret,
  toUserPoolClientType,
  type ClientValidationContext,
} from './client-config.ts';
import { tokenValidityOf } from '../tokens/validity.ts';
import { standardSchema } from '../pools/schema.ts';
import { CognitoError } from '../errors.ts';
import type { ClientRecord } from '../../storage/ports/index.ts';

const ctx = (over: Partial<ClientValidationContext> = {}): ClientValidationContext => ({
  operation: 'create',
  poolId: 'us-east-1_abc123XYZ',
  schema: [...standardSchema(), { Name: 'custom:dept', AttributeDataType: 'String', DeveloperOnlyAttribute: false, Mutable: true, Required: false }],
  poolTier: 'ESSENTIALS',
  hasSecret: false,
  identityProviders: new Set(),
  resourceServerScopes: new Set(['api/read']),
  ...over,
});

function rejects(fn: () => unknown, type: string, message: string | RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(e instanceof CognitoError, String(e));
    assert.equal(e.type, type);
    if (typeof message === 'string') assert.equal(e.message, message);
    else assert.match(e.message, message);
    return true;
  });
}

describe('client ids and secrets', () => {
  it('makes 26-character ids and 51-character secrets of [a-z0-9]', () => {
    assert.match(newClientId(), /^[a-z0-9]{26}$/);
    assert.match(generateClientSecret(), /^[a-z0-9]{51}$/);
    assert.notEqual(newClientId(), newClientId());
  });

  it('seals a secret bound to its client and opens it again', () => {
    const key = randomBytes(32);
    const secret = generateClientSecret();
    const client: ClientRecord = { id: 'abc', poolId: 'p_1', name: 'n', secretSealed: sealClientSecret(key, 'abc', secret), config: {}, createdAt: 0, updatedAt: 0 };
    assert.ok(!client.secretSealed!.includes(secret));
    assert.equal(clientSecretOf(client, key), secret);
    assert.throws(() => clientSecretOf({ ...client, id: 'other' }, key));
    assert.equal(clientSecretOf({ ...client, secretSealed: null }, key), undefined);
  });
});

describe('clientConfigFrom', () => {
  it('fills exactly the defaults AWS echoes', () => {
    assert.deepEqual(clientConfigFrom({}, ctx()), {
      RefreshTokenValidity: 30,
      TokenValidityUnits: {},
      AllowedOAuthFlowsUserPoolClient: false,
      EnableTokenRevocation: true,
      EnablePropagateAdditionalUserContextData: false,
      AuthSessionValidity: 3,
    });
  });

  it('treats RefreshTokenValidity 0 as the 30-day default', () => {
    assert.equal(clientConfigFrom({ RefreshTokenValidity: 0 }, ctx()).RefreshTokenValidity, 30);
  });

  it('checks token validity ranges in their units', () => {
    assert.doesNotThrow(() => clientConfigFrom({ AccessTokenValidity: 5, TokenValidityUnits: { AccessToken: 'minutes' } }, ctx()));
    assert.doesNotThrow(() => clientConfigFrom({ AccessTokenValidity: 24, IdTokenValidity: 1, RefreshTokenValidity: 3650 }, ctx()));
    assert.doesNotThrow(() => clientConfigFrom({ RefreshTokenValidity: 60, TokenValidityUnits: { RefreshToken: 'minutes' } }, ctx()));
    for (const bad of [
      { AccessTokenValidity: 4, TokenValidityUnits: { AccessToken: 'minutes' as const } },
      { AccessTokenValidity: 25 },
      { IdTokenValidity: 2, TokenValidityUnits: { IdToken: 'days' as const } },
      { RefreshTokenValidity: 59, TokenValidityUnits: { RefreshToken: 'minutes' as const } },
      { RefreshTokenValidity: 3651 },
    ]) {
      rejects(() => clientConfigFrom(bad, ctx()), 'InvalidParameterException', 'Invalid range for token validity.');
    }
  });

  it('rejects legacy auth flows mixed with ALLOW_ ones, and ALLOW_USER_AUTH on the Lite tier', () => {
    assert.deepEqual(clientConfigFrom({ ExplicitAuthFlows: ['USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH'] }, ctx()).ExplicitAuthFlows, ['USER_PASSWORD_AUTH', 'ADMIN_NO_SRP_AUTH']);
    rejects(() => clientConfigFrom({ ExplicitAuthFlows: ['USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH'] }, ctx()), 'InvalidParameterException', /legacy/);
    rejects(() => clientConfigFrom({ ExplicitAuthFlows: ['ALLOW_USER_AUTH'] }, ctx({ poolTier: 'LITE' })), 'FeatureUnavailableInTierException', /ALLOW_USER_AUTH/);
  });

  it('requires read and write attributes to be schema attributes (sub is never writable)', () => {
    assert.deepEqual(clientConfigFrom({ ReadAttributes: ['email', 'custom:dept', 'email'] }, ctx()).ReadAttributes, ['email', 'custom:dept']);
    rejects(() => clientConfigFrom({ ReadAttributes: ['dept'] }, ctx()), 'InvalidParameterException', 'Invalid read attributes specified while creating a client');
    rejects(() => clientConfigFrom({ WriteAttributes: ['sub'] }, ctx({ operation: 'update' })), 'InvalidParameterException', 'Invalid write attributes specified while updating a client');
  });

  it('accepts COGNITO and known identity providers only', () => {
    assert.doesNotThrow(() => clientConfigFrom({ SupportedIdentityProviders: ['COGNITO', 'Google'] }, ctx({ identityProviders: new Set(['Google']) })));
    rejects(() => clientConfigFrom({ SupportedIdentityProviders: ['Facebook'] }, ctx()), 'InvalidParameterException', 'The provider Facebook does not exist for User Pool us-east-1_abc123XYZ');
  });

  it('validates OAuth settings as AWS does', () => {
    const oauth = { AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code' as const], AllowedOAuthScopes: ['openid', 'api/read'], CallbackURLs: ['https://app.example/cb', 'http://localhost:3000/cb', 'myapp://cb'] };
    assert.doesNotThrow(() => clientConfigFrom(oauth, ctx()));
    rejects(() => clientConfigFrom({ AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: ['https://a.example'] }, ctx()), 'InvalidParameterException', /AllowedOAuthFlowsUserPoolClient must be true/);
    rejects(() => clientConfigFrom({ AllowedOAuthFlowsUserPoolClient: true }, ctx()), 'InvalidParameterException', 'AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.');
    rejects(() => clientConfigFrom({ ...oauth, CallbackURLs: [] }, ctx()), 'InvalidOAuthFlowException', 'CallbackUrls can not be empty when code flow or implicit flow is selected');
    rejects(() => clientConfigFrom({ ...oauth, AllowedOAuthScopes: ['openid', 'api/write'] }, ctx()), 'ScopeDoesNotExistException', 'Invalid scope requested: api/write');
    rejects(() => clientConfigFrom({ ...oauth, CallbackURLs: ['http://app.example/cb'] }, ctx()), 'InvalidParameterException', /must use HTTPS/);
    rejects(() => clientConfigFrom({ ...oauth, CallbackURLs: ['https://app.example/cb#x'] }, ctx()), 'InvalidParameterException', /fragment/);
    rejects(() => clientConfigFrom({ ...oauth, CallbackURLs: ['not a url'] }, ctx()), 'InvalidParameterException', /absolute URI/);
    rejects(() => clientConfigFrom({ ...oauth, DefaultRedirectURI: 'https://other.example/cb' }, ctx()), 'InvalidParameterException', 'DefaultRedirectURI must be one of the CallbackURLs.');
    rejects(() => clientConfigFrom({ ...oauth, LogoutURLs: ['http://evil.example'] }, ctx()), 'InvalidParameterException', /LogoutURL/);
  });

  it('allows client_credentials alone, with a secret, and with custom scopes only', () => {
    const m2m = { AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials' as const], AllowedOAuthScopes: ['api/read'] };
    assert.doesNotThrow(() => clientConfigFrom(m2m, ctx({ hasSecret: true })));
    rejects(() => clientConfigFrom(m2m, ctx()), 'InvalidOAuthFlowException', 'client_credentials flow can not be selected if client does not have a client secret.');
    rejects(() => clientConfigFrom({ ...m2m, AllowedOAuthFlows: ['client_credentials', 'code'], CallbackURLs: ['https://a.example'] }, ctx({ hasSecret: true })), 'InvalidOAuthFlowException', 'client_credentials flow can not be selected along with code flow or implicit flow.');
    rejects(() => clientConfigFrom({ ...m2m, AllowedOAuthScopes: ['openid'] }, ctx({ hasSecret: true })), 'InvalidOAuthFlowException', 'openid is not supported with client_credentials flow');
  });

  it('needs a secret for EnablePropagateAdditionalUserContextData', () => {
    assert.doesNotThrow(() => clientConfigFrom({ EnablePropagateAdditionalUserContextData: true }, ctx({ hasSecret: true })));
    rejects(() => clientConfigFrom({ EnablePropagateAdditionalUserContextData: true }, ctx()), 'InvalidParameterException', /client secret/);
  });
});

describe('effective settings', () => {
  it('derives token lifetimes with the default units', () => {
    const validityOf = (config: ReturnType<typeof clientConfigFrom>) => tokenValidityOf({ config: config as unknown as ClientRecord['config'] });
    assert.deepEqual(validityOf(clientConfigFrom({}, ctx())), { accessToken: 3600, idToken: 3600, refreshToken: 30 * 86400, authSession: 180 });
    const c = clientConfigFrom({ AccessTokenValidity: 30, IdTokenValidity: 2, RefreshTokenValidity: 120, TokenValidityUnits: { AccessToken: 'minutes', RefreshToken: 'minutes' } }, ctx());
    assert.deepEqual(validityOf(c), { accessToken: 1800, idToken: 7200, refreshToken: 7200, authSession: 180 });
  });

  it('derives the permitted auth flows', () => {
    assert.deepEqual([...effectiveAuthFlows(clientConfigFrom({}, ctx()))].sort(), ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH']);
    assert.deepEqual([...effectiveAuthFlows(clientConfigFrom({ ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'] }, ctx()))], ['ALLOW_USER_PASSWORD_AUTH']);
    assert.ok(effectiveAuthFlows(clientConfigFrom({ ExplicitAuthFlows: ['ADMIN_NO_SRP_AUTH'] }, ctx())).has('ALLOW_ADMIN_USER_PASSWORD_AUTH'));
    assert.deepEqual([...effectiveAuthFlows(clientConfigFrom({ ExplicitAuthFlows: ['CUSTOM_AUTH_FLOW_ONLY'] }, ctx()))].sort(), ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
  });

  it('renders UserPoolClientType with dates in seconds and the secret only when given', () => {
    const client: ClientRecord = { id: 'cid', poolId: 'us-east-1_x', name: 'web', secretSealed: null, config: clientConfigFrom({}, ctx()) as never, createdAt: 1_700_000_000_123, updatedAt: 1_700_000_001_000 };
    const t = toUserPoolClientType(client);
    assert.equal(t.ClientSecret, undefined);
    assert.equal(t.CreationDate, 1_700_000_000.123);
    assert.equal(t.LastModifiedDate, 1_700_000_001);
    assert.equal(t.RefreshTokenValidity, 30);
    assert.equal(toUserPoolClientType(client, 's3cret').ClientSecret, 's3cret');
  });
});
