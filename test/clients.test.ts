import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DeleteUserPoolClientCommand,
  DescribeUserPoolClientCommand,
  ListUserPoolClientsCommand,
  UpdateUserPoolClientCommand,
  paginateListUserPoolClients,
  type CreateUserPoolClientCommandInput,
  type UserPoolClientDescription,
  type UserPoolClientType,
} from '@aws-sdk/client-cognito-identity-provider';
import { databases, rawCall, withServer } from './helpers/server.ts';
import { rejectsWith } from './helpers/errors.ts';

/** The members AWS echoes for a client created with only a name. */
const DEFAULTS = {
  RefreshTokenValidity: 30,
  TokenValidityUnits: {},
  AllowedOAuthFlowsUserPoolClient: false,
  EnableTokenRevocation: true,
  EnablePropagateAdditionalUserContextData: false,
  AuthSessionValidity: 3,
};

function settingsOf(c: UserPoolClientType): Record<string, unknown> {
  const { UserPoolId: _p, ClientName: _n, ClientId: _i, ClientSecret: _s, CreationDate: _c, LastModifiedDate: _l, ...rest } = c;
  return rest;
}

for (const kind of await databases()) {
  describe(`app clients (${kind})`, () => {
    const s = withServer(kind);
    let poolId: string;
    before(async () => {
      poolId = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'clients', Schema: [{ Name: 'dept', AttributeDataType: 'String' }] }))).UserPool!.Id!;
    });

    const create = async (input: Partial<CreateUserPoolClientCommandInput> = {}): Promise<UserPoolClientType> =>
      (await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ...input }))).UserPoolClient!;
    const describeClient = async (id: string): Promise<UserPoolClientType> =>
      (await s.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: id }))).UserPoolClient!;

    it('creates a public client with exactly the defaults AWS returns', async () => {
      const c = await create({ ClientName: 'web' });
      assert.match(c.ClientId!, /^[a-z0-9]{26}$/);
      assert.equal(c.UserPoolId, poolId);
      assert.equal(c.ClientName, 'web');
      assert.equal(c.ClientSecret, undefined);
      assert.ok(c.CreationDate instanceof Date);
      assert.equal(c.LastModifiedDate?.getTime(), c.CreationDate?.getTime());
      assert.deepEqual(settingsOf(c), DEFAULTS);
      const d = await describeClient(c.ClientId!);
      assert.deepEqual(d, c);
    });

    it('generates a secret, returns it from Create and Describe, and never stores it in plain text', async () => {
      const c = await create({ ClientName: 'server', GenerateSecret: true });
      assert.match(c.ClientSecret!, /^[a-z0-9]{51}$/);
      assert.equal((await describeClient(c.ClientId!)).ClientSecret, c.ClientSecret);
      const rows = await s.db.selectFrom('clients').selectAll().where('id', '=', c.ClientId!).execute();
      assert.equal(rows.length, 1);
      const row = JSON.stringify(rows[0]);
      assert.ok(rows[0]!.secret_sealed, 'sealed secret stored');
      assert.ok(!row.includes(c.ClientSecret!), 'the secret does not appear in the row');
      assert.ok(!Buffer.from(rows[0]!.secret_sealed!, 'base64').toString('latin1').includes(c.ClientSecret!));
      // the raw JSON response carries it too (boto3 / CLI read this)
      const raw = await rawCall(s.url, 'DescribeUserPoolClient', { UserPoolId: poolId, ClientId: c.ClientId });
      assert.equal((raw.json['UserPoolClient'] as Record<string, unknown>)['ClientSecret'], c.ClientSecret);
    });

    it('accepts a client secret of your own', async () => {
      const secret = 'my_own_secret_value_0123456789';
      const c = await create({ ClientSecret: secret });
      assert.equal(c.ClientSecret, secret);
      assert.equal((await describeClient(c.ClientId!)).ClientSecret, secret);
      await rejectsWith(create({ ClientSecret: secret, GenerateSecret: false }), 'InvalidParameterException', /GenerateSecret/);
      await rejectsWith(create({ ClientSecret: 'short' }), 'InvalidParameterException', /clientSecret/);
    });

    it('stores and echoes the settings it is given', async () => {
      const c = await create({
        GenerateSecret: true,
        RefreshTokenValidity: 10,
        AccessTokenValidity: 30,
        IdTokenValidity: 2,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'hours' },
        ReadAttributes: ['email', 'custom:dept'],
        WriteAttributes: ['email', 'custom:dept'],
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        SupportedIdentityProviders: ['COGNITO'],
        CallbackURLs: ['https://app.example/cb', 'http://localhost:3000/cb'],
        LogoutURLs: ['https://app.example/bye'],
        DefaultRedirectURI: 'https://app.example/cb',
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email', 'aws.cognito.signin.user.admin'],
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: false,
        EnablePropagateAdditionalUserContextData: true,
        AuthSessionValidity: 10,
        RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 30 },
      });
      const d = await describeClient(c.ClientId!);
      assert.equal(d.RefreshTokenValidity, 10);
      assert.equal(d.AccessTokenValidity, 30);
      assert.equal(d.IdTokenValidity, 2);
      assert.deepEqual(d.TokenValidityUnits, { AccessToken: 'minutes', IdToken: 'hours' });
      assert.deepEqual(d.ReadAttributes, ['email', 'custom:dept']);
      assert.deepEqual(d.ExplicitAuthFlows, ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
      assert.deepEqual(d.CallbackURLs, ['https://app.example/cb', 'http://localhost:3000/cb']);
      assert.equal(d.DefaultRedirectURI, 'https://app.example/cb');
      assert.deepEqual(d.AllowedOAuthFlows, ['code']);
      assert.equal(d.AllowedOAuthFlowsUserPoolClient, true);
      assert.equal(d.PreventUserExistenceErrors, 'ENABLED');
      assert.equal(d.EnableTokenRevocation, false);
      assert.equal(d.EnablePropagateAdditionalUserContextData, true);
      assert.equal(d.AuthSessionValidity, 10);
      assert.deepEqual(d.RefreshTokenRotation, { Feature: 'ENABLED', RetryGracePeriodSeconds: 30 });
    });

    it('UpdateUserPoolClient resets omitted settings to their defaults and keeps the secret', async () => {
      const c = await create({
        ClientName: 'before',
        GenerateSecret: true,
        RefreshTokenValidity: 10,
        AccessTokenValidity: 2,
        ReadAttributes: ['email'],
        ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH'],
        PreventUserExistenceErrors: 'ENABLED',
        EnableTokenRevocation: false,
        AuthSessionValidity: 15,
      });
      await new Promise((r) => setTimeout(r, 5));
      const updated = (await s.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: c.ClientId!, ClientName: 'after' }))).UserPoolClient!;
      assert.equal(updated.ClientName, 'after');
      assert.equal(updated.ClientSecret, c.ClientSecret);
      assert.deepEqual(settingsOf(updated), DEFAULTS);
      assert.equal(updated.CreationDate?.getTime(), c.CreationDate?.getTime());
      assert.ok(updated.LastModifiedDate!.getTime() > c.LastModifiedDate!.getTime());
      assert.deepEqual(await describeClient(c.ClientId!), updated);

      // ClientName omitted: the name is kept
      const again = (await s.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: c.ClientId!, ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH'] }))).UserPoolClient!;
      assert.equal(again.ClientName, 'after');
      assert.deepEqual(again.ExplicitAuthFlows, ['ALLOW_USER_SRP_AUTH']);
      assert.equal(again.ClientSecret, c.ClientSecret);
    });

    it('UpdateUserPoolClient validates like CreateUserPoolClient and needs an existing client', async () => {
      const pub = await create();
      await rejectsWith(
        s.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: pub.ClientId!, WriteAttributes: ['nickname', 'nope'] })),
        'InvalidParameterException',
        'Invalid write attributes specified while updating a client',
      );
      await rejectsWith(
        s.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: pub.ClientId!, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['openid'] })),
        'InvalidOAuthFlowException',
        'client_credentials flow can not be selected if client does not have a client secret.',
      );
      await rejectsWith(
        s.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: 'nosuchclient0000000000000a' })),
        'ResourceNotFoundException',
        'User pool client nosuchclient0000000000000a does not exist.',
      );
      await rejectsWith(s.client.send(new UpdateUserPoolClientCommand({ UserPoolId: 'us-east-1_missing00', ClientId: pub.ClientId! })), 'ResourceNotFoundException', 'User pool us-east-1_missing00 does not exist.');
    });

    it('rejects every invalid setting with AWS\'s error', async () => {
      await rejectsWith(create({ AccessTokenValidity: 4, TokenValidityUnits: { AccessToken: 'minutes' } }), 'InvalidParameterException', 'Invalid range for token validity.');
      await rejectsWith(create({ IdTokenValidity: 25 }), 'InvalidParameterException', 'Invalid range for token validity.');
      await rejectsWith(create({ RefreshTokenValidity: 30, TokenValidityUnits: { RefreshToken: 'minutes' } }), 'InvalidParameterException', 'Invalid range for token validity.');
      await rejectsWith(create({ RefreshTokenValidity: 3651 }), 'InvalidParameterException', 'Invalid range for token validity.');
      await rejectsWith(create({ AuthSessionValidity: 2 }), 'InvalidParameterException', /authSessionValidity/);
      await rejectsWith(create({ ExplicitAuthFlows: ['USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }), 'InvalidParameterException', /legacy/);
      await rejectsWith(create({ ExplicitAuthFlows: ['ALLOW_EVERYTHING' as never] }), 'InvalidParameterException', /enum value set/);
      await rejectsWith(create({ ReadAttributes: ['dept'] }), 'InvalidParameterException', 'Invalid read attributes specified while creating a client');
      await rejectsWith(create({ WriteAttributes: ['sub'] }), 'InvalidParameterException', 'Invalid write attributes specified while creating a client');
      await rejectsWith(create({ SupportedIdentityProviders: ['Google'] }), 'InvalidParameterException', `The provider Google does not exist for User Pool ${poolId}`);
      await rejectsWith(create({ EnablePropagateAdditionalUserContextData: true }), 'InvalidParameterException', /client secret/);

      const oauth: Partial<CreateUserPoolClientCommandInput> = { AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: ['https://app.example/cb'] };
      await rejectsWith(create({ AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: ['https://app.example/cb'] }), 'InvalidParameterException', /AllowedOAuthFlowsUserPoolClient must be true/);
      await rejectsWith(create({ AllowedOAuthFlowsUserPoolClient: true }), 'InvalidParameterException', 'AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.');
      await rejectsWith(create({ ...oauth, CallbackURLs: [] }), 'InvalidOAuthFlowException', 'CallbackUrls can not be empty when code flow or implicit flow is selected');
      await rejectsWith(create({ ...oauth, CallbackURLs: ['http://app.example/cb'] }), 'InvalidParameterException', /HTTPS/);
      await rejectsWith(create({ ...oauth, CallbackURLs: ['https://app.example/cb#frag'] }), 'InvalidParameterException', /fragment/);
      await rejectsWith(create({ ...oauth, DefaultRedirectURI: 'https://elsewhere.example/' }), 'InvalidParameterException', 'DefaultRedirectURI must be one of the CallbackURLs.');
      await rejectsWith(create({ ...oauth, AllowedOAuthScopes: ['openid', 'billing/read'] }), 'ScopeDoesNotExistException', 'Invalid scope requested: billing/read');
      await rejectsWith(create({ ...oauth, AllowedOAuthFlows: ['code', 'client_credentials'], GenerateSecret: true }), 'InvalidOAuthFlowException', 'client_credentials flow can not be selected along with code flow or implicit flow.');
      await rejectsWith(create({ ...oauth, AllowedOAuthFlows: ['client_credentials'] }), 'InvalidOAuthFlowException', 'client_credentials flow can not be selected if client does not have a client secret.');
      await rejectsWith(create({ ...oauth, AllowedOAuthFlows: ['client_credentials'], GenerateSecret: true }), 'InvalidOAuthFlowException', 'openid is not supported with client_credentials flow');
      await rejectsWith(create({ ...oauth, AllowedOAuthFlows: ['token' as never] }), 'InvalidParameterException', /enum value set: \[code, implicit, client_credentials\]/);

      // a valid OAuth client, with an app scheme and localhost over HTTP
      const ok = await create({ ...oauth, AllowedOAuthFlows: ['code', 'implicit'], CallbackURLs: ['myapp://callback', 'http://localhost:8080/cb'] });
      assert.deepEqual(ok.AllowedOAuthFlows, ['code', 'implicit']);
      await rejectsWith(s.client.send(new CreateUserPoolClientCommand({ UserPoolId: 'us-east-1_missing00', ClientName: 'x' })), 'ResourceNotFoundException', 'User pool us-east-1_missing00 does not exist.');
    });

    it('DeleteUserPoolClient removes the client', async () => {
      const c = await create({ GenerateSecret: true });
      const { $metadata: _m, ...out } = await s.client.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: c.ClientId! }));
      assert.deepEqual(out, {});
      await rejectsWith(s.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: c.ClientId! })), 'ResourceNotFoundException', `User pool client ${c.ClientId} does not exist.`);
      await rejectsWith(s.client.send(new DeleteUserPoolClientCommand({ UserPoolId: poolId, ClientId: c.ClientId! })), 'ResourceNotFoundException', `User pool client ${c.ClientId} does not exist.`);
      assert.equal(await s.deps.store.clients.findClientById(c.ClientId!), undefined);
    });

    it('does not find a client through another pool', async () => {
      const other = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'other' }))).UserPool!.Id!;
      const c = await create();
      await rejectsWith(s.client.send(new DescribeUserPoolClientCommand({ UserPoolId: other, ClientId: c.ClientId! })), 'ResourceNotFoundException', `User pool client ${c.ClientId} does not exist.`);
      await rejectsWith(s.client.send(new DeleteUserPoolClientCommand({ UserPoolId: other, ClientId: c.ClientId! })), 'ResourceNotFoundException');
      assert.ok(await s.deps.store.clients.findClientById(c.ClientId!));
    });
  });

  describe(`ListUserPoolClients (${kind})`, () => {
    const s = withServer(kind);
    let poolId: string;
    let otherPool: string;
    const created = new Map<string, string>();
    before(async () => {
      poolId = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'list' }))).UserPool!.Id!;
      otherPool = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'other' }))).UserPool!.Id!;
      for (let i = 0; i < 7; i++) {
        const c = (await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: `client-${i}` }))).UserPoolClient!;
        created.set(c.ClientId!, c.ClientName!);
      }
      await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: otherPool, ClientName: 'elsewhere' }));
    });

    it('pages with a small MaxResults without repeats or skips', async () => {
      const pages: UserPoolClientDescription[][] = [];
      let token: string | undefined;
      do {
        const page = await s.client.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 3, ...(token ? { NextToken: token } : {}) }));
        pages.push(page.UserPoolClients!);
        token = page.NextToken;
      } while (token);
      assert.deepEqual(pages.map((p) => p.length), [3, 3, 1]);
      const all = pages.flat();
      assert.equal(new Set(all.map((c) => c.ClientId)).size, 7);
      for (const c of all) {
        assert.deepEqual(Object.keys(c).sort(), ['ClientId', 'ClientName', 'UserPoolId']);
        assert.equal(c.UserPoolId, poolId);
        assert.equal(created.get(c.ClientId!), c.ClientName);
      }
      const viaPaginator: string[] = [];
      for await (const page of paginateListUserPoolClients({ client: s.client, pageSize: 2 }, { UserPoolId: poolId })) viaPaginator.push(...page.UserPoolClients!.map((c) => c.ClientId!));
      assert.deepEqual(new Set(viaPaginator), new Set(created.keys()));
    });

    it('lists up to 60 by default and omits NextToken on the last page', async () => {
      const page = await s.client.send(new ListUserPoolClientsCommand({ UserPoolId: poolId }));
      assert.equal(page.UserPoolClients!.length, 7);
      assert.equal(page.NextToken, undefined);
    });

    it('rejects bad MaxResults, foreign or garbage tokens, and unknown pools', async () => {
      await rejectsWith(s.client.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 0 })), 'InvalidParameterException', /maxResults/);
      await rejectsWith(s.client.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 61 })), 'InvalidParameterException', /maxResults/);
      const first = await s.client.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: 1 }));
      assert.ok(first.NextToken);
      await rejectsWith(s.client.send(new ListUserPoolClientsCommand({ UserPoolId: otherPool, NextToken: first.NextToken })), 'InvalidParameterException');
      await rejectsWith(s.client.send(new ListUserPoolClientsCommand({ UserPoolId: poolId, NextToken: 'garbage' })), 'InvalidParameterException');
      await rejectsWith(s.client.send(new ListUserPoolClientsCommand({ UserPoolId: 'us-east-1_missing00' })), 'ResourceNotFoundException', 'User pool us-east-1_missing00 does not exist.');
    });
  });
}
