// Configuration operations through the real SDK against the real server, on SQLite and PostgreSQL:
// identity providers, federation links, hosted UI branding, risk and log-delivery settings, the
// SAML signing certificate, app client secrets and GetUserAuthFactors.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeJwt } from 'jose';
import {
  AddUserPoolClientSecretCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  AdminInitiateAuthCommand,
  AdminLinkProviderForUserCommand,
  AdminSetUserMFAPreferenceCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  CreateUserPoolDomainCommand,
  DeleteUserPoolCommand,
  DeleteUserPoolDomainCommand,
  DeleteIdentityProviderCommand,
  DeleteUserPoolClientSecretCommand,
  DescribeIdentityProviderCommand,
  DescribeRiskConfigurationCommand,
  DescribeUserPoolClientCommand,
  GetIdentityProviderByIdentifierCommand,
  GetLogDeliveryConfigurationCommand,
  GetSigningCertificateCommand,
  GetUICustomizationCommand,
  GetUserAuthFactorsCommand,
  GetUserCommand,
  ListIdentityProvidersCommand,
  ListUserPoolClientSecretsCommand,
  SetLogDeliveryConfigurationCommand,
  SetRiskConfigurationCommand,
  SetUICustomizationCommand,
  UpdateIdentityProviderCommand,
  UpdateUserPoolClientCommand,
  UpdateUserPoolCommand,
  paginateListIdentityProviders,
  type CreateIdentityProviderCommandInput,
  type CreateUserPoolCommandInput,
  type IdentityProviderType,
} from '@aws-sdk/client-cognito-identity-provider';
import { databases, rawCall, withServer } from './helpers/server.ts';
import { rejectsWith } from './helpers/errors.ts';
import { ALL_FLOWS, createClient, createUser } from './helpers/auth.ts';

const PW = 'Passw0rd!x';
/** A 1×1 PNG. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);
const SAML_METADATA =
  '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="http://www.example.com/sso"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">' +
  '<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://www.example.com/slo/post"/>' +
  '<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://www.example.com/slo/saml"/>' +
  '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://www.example.com/sso/saml"/>' +
  '</md:IDPSSODescriptor></md:EntityDescriptor>';
const GOOGLE = { client_id: 'g-client.apps.googleusercontent.com', client_secret: 'g-secret', authorize_scopes: 'email profile openid' };
const OIDC = { client_id: 'oidc-client', client_secret: 'oidc-secret', attributes_request_method: 'GET', oidc_issuer: 'https://idp.example.com', authorize_scopes: 'openid email' };
const APPLE = { client_id: 'com.example.app', team_id: 'TEAM123', key_id: 'KEY123', private_key: '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----', authorize_scopes: 'email name' };

for (const kind of await databases()) {
  describe(`configuration operations (${kind})`, () => {
    const s = withServer(kind);

    const newPool = async (input: Partial<CreateUserPoolCommandInput> = {}): Promise<string> =>
      (await s.client.send(new CreateUserPoolCommand({ PoolName: 'config', ...input }))).UserPool!.Id!;
    const createIdp = async (input: Partial<CreateIdentityProviderCommandInput> & { UserPoolId: string }): Promise<IdentityProviderType> =>
      (await s.client.send(new CreateIdentityProviderCommand({ ProviderName: 'Google', ProviderType: 'Google', ProviderDetails: GOOGLE, ...input }))).IdentityProvider!;
    const describeIdp = async (UserPoolId: string, ProviderName: string): Promise<IdentityProviderType> =>
      (await s.client.send(new DescribeIdentityProviderCommand({ UserPoolId, ProviderName }))).IdentityProvider!;
    const attributesOf = async (UserPoolId: string, Username: string): Promise<Record<string, string>> => {
      const u = await s.client.send(new AdminGetUserCommand({ UserPoolId, Username }));
      return Object.fromEntries((u.UserAttributes ?? []).map((a) => [a.Name!, a.Value!]));
    };

    describe('identity providers', () => {
      it('creates a Google provider with the endpoints and username mapping AWS adds, and describes it', async () => {
        const poolId = await newPool();
        const created = await createIdp({ UserPoolId: poolId, AttributeMapping: { email: 'email' }, IdpIdentifiers: ['corp', 'west'] });
        assert.equal(created.UserPoolId, poolId);
        assert.equal(created.ProviderName, 'Google');
        assert.equal(created.ProviderType, 'Google');
        assert.deepEqual(created.ProviderDetails, {
          attributes_url: 'https://people.googleapis.com/v1/people/me?personFields=',
          attributes_url_add_attributes: 'true',
          authorize_scopes: 'email profile openid',
          authorize_url: 'https://accounts.google.com/o/oauth2/v2/auth',
          client_id: GOOGLE.client_id,
          client_secret: 'g-secret',
          oidc_issuer: 'https://accounts.google.com',
          token_request_method: 'POST',
          token_url: 'https://www.googleapis.com/oauth2/v4/token',
        });
        assert.deepEqual(created.AttributeMapping, { email: 'email', username: 'sub' });
        assert.deepEqual(created.IdpIdentifiers, ['corp', 'west']);
        assert.ok(created.CreationDate instanceof Date);
        assert.equal(created.LastModifiedDate?.getTime(), created.CreationDate?.getTime());
        assert.deepEqual(await describeIdp(poolId, 'Google'), created);
        const byId = await s.client.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'west' }));
        assert.deepEqual(byId.IdentityProvider, created);
      });

      it('checks names, types and the ProviderDetails each type needs', async () => {
        const poolId = await newPool();
        await createIdp({ UserPoolId: poolId });
        await rejectsWith(createIdp({ UserPoolId: poolId }), 'DuplicateProviderException', 'A provider with the name Google already exists in this user pool.');
        await rejectsWith(createIdp({ UserPoolId: poolId, ProviderName: 'MyGoogle' }), 'InvalidParameterException', 'The ProviderName of a Google identity provider must be Google.');
        await rejectsWith(createIdp({ UserPoolId: poolId, ProviderName: 'Facebook', ProviderType: 'Facebook', ProviderDetails: { client_id: 'x', authorize_scopes: 'email' } }), 'InvalidParameterException', 'Invalid ProviderDetails: client_secret is required for a Facebook identity provider.');
        await rejectsWith(createIdp({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: { ...OIDC, oidc_issuer: '' } }), 'InvalidParameterException', 'Invalid ProviderDetails: oidc_issuer is required for a OIDC identity provider.');
        await rejectsWith(createIdp({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: { ...OIDC, attributes_request_method: 'PUT' } }), 'InvalidParameterException', 'Invalid ProviderDetails: attributes_request_method must be GET or POST.');
        await rejectsWith(createIdp({ UserPoolId: poolId, ProviderName: 'Saml', ProviderType: 'SAML', ProviderDetails: { IDPSignout: 'true' } }), 'InvalidParameterException', 'Invalid ProviderDetails: a SAML identity provider needs MetadataURL or MetadataFile.');
        await rejectsWith(createIdp({ UserPoolId: poolId, ProviderName: 'Saml', ProviderType: 'SAML', ProviderDetails: { MetadataURL: 'https://idp/m', MetadataFile: SAML_METADATA } }), 'InvalidParameterException', /either MetadataURL or MetadataFile/);
        await rejectsWith(createIdp({ UserPoolId: poolId, ProviderName: 'Saml', ProviderType: 'SAML', ProviderDetails: { MetadataFile: '<html/>' } }), 'InvalidParameterException', /not SAML 2.0 IdP metadata/);
        await rejectsWith(createIdp({ UserPoolId: poolId, ProviderName: 'Saml', ProviderType: 'SAML', ProviderDetails: { MetadataURL: 'https://idp/m', IDPSignout: 'yes' } }), 'InvalidParameterException', 'Invalid ProviderDetails: IDPSignout must be true or false.');
        await rejectsWith(createIdp({ UserPoolId: poolId, ProviderName: 'Cognito', ProviderType: 'OIDC', ProviderDetails: OIDC }), 'InvalidParameterException', /reserved/);
        await rejectsWith(createIdp({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: OIDC, AttributeMapping: { nope: 'x' } }), 'InvalidParameterException', /nope is not a mappable attribute/);
        await rejectsWith(createIdp({ UserPoolId: poolId, ProviderName: 'Facebook', ProviderType: 'Facebook', ProviderDetails: { ...GOOGLE }, AttributeMapping: { username: 'email' } }), 'InvalidParameterException', /username of a Facebook identity provider can only be mapped to id/);
        await rejectsWith(createIdp({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: OIDC, IdpIdentifiers: ['a', 'a'] }), 'InvalidParameterException', 'Duplicate IdpIdentifier a in the request.');
        // The model's constraints, with AWS's validation message.
        await rejectsWith(createIdp({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'Nope' as never, ProviderDetails: OIDC }), 'InvalidParameterException', /failed to satisfy constraint: Member must satisfy enum value set/);
        await rejectsWith(createIdp({ UserPoolId: 'us-east-1_nope12345' }), 'ResourceNotFoundException', 'User pool us-east-1_nope12345 does not exist.');
      });

      it('stores OIDC, SAML and Sign in with Apple providers as AWS describes them', async () => {
        const poolId = await newPool({ Schema: [{ Name: 'dept', AttributeDataType: 'String' }] });
        const oidc = await createIdp({ UserPoolId: poolId, ProviderName: 'CorpOIDC', ProviderType: 'OIDC', ProviderDetails: { ...OIDC, jwks_uri: 'https://idp.example.com/jwks' }, AttributeMapping: { email: 'mail', 'custom:dept': 'department' } });
        assert.deepEqual(oidc.ProviderDetails, { ...OIDC, jwks_uri: 'https://idp.example.com/jwks', attributes_url_add_attributes: 'false' });
        assert.deepEqual(oidc.AttributeMapping, { email: 'mail', 'custom:dept': 'department', username: 'sub' });

        const saml = await createIdp({ UserPoolId: poolId, ProviderName: 'MySAML', ProviderType: 'SAML', ProviderDetails: { MetadataFile: SAML_METADATA, IDPSignout: 'true', RequestSigningAlgorithm: 'rsa-sha256' }, AttributeMapping: { email: 'emailaddress' } });
        assert.equal(saml.ProviderDetails?.['SSORedirectBindingURI'], 'https://www.example.com/sso/saml');
        assert.equal(saml.ProviderDetails?.['SLORedirectBindingURI'], 'https://www.example.com/slo/saml');
        assert.equal(saml.ProviderDetails?.['MetadataFile'], SAML_METADATA);
        assert.deepEqual(saml.AttributeMapping, { email: 'emailaddress' }, 'no username mapping is added for SAML');
        const byUrl = await createIdp({ UserPoolId: poolId, ProviderName: 'UrlSAML', ProviderType: 'SAML', ProviderDetails: { MetadataURL: 'https://auth.example.com/sso/saml/metadata' } });
        assert.deepEqual(byUrl.ProviderDetails, { IDPSignout: 'false', MetadataURL: 'https://auth.example.com/sso/saml/metadata' });

        const apple = await createIdp({ UserPoolId: poolId, ProviderName: 'SignInWithApple', ProviderType: 'SignInWithApple', ProviderDetails: APPLE });
        assert.equal(apple.ProviderDetails?.['private_key'], undefined, 'the private key never leaves the server');
        assert.equal(apple.ProviderDetails?.['team_id'], 'TEAM123');
        assert.equal(apple.ProviderDetails?.['authorize_url'], 'https://appleid.apple.com/auth/authorize');
        // The Describe answer sent back (without private_key) is a valid update: the stored key is kept.
        const described = await describeIdp(poolId, 'SignInWithApple');
        const updated = await s.client.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'SignInWithApple', ProviderDetails: { ...described.ProviderDetails, authorize_scopes: 'email' } }));
        assert.equal(updated.IdentityProvider?.ProviderDetails?.['authorize_scopes'], 'email');
        assert.equal(updated.IdentityProvider?.ProviderDetails?.['private_key'], undefined);
      });

      it('updates details, mapping and identifiers; identifiers are unique per pool', async () => {
        const poolId = await newPool();
        const g = await createIdp({ UserPoolId: poolId, IdpIdentifiers: ['one'] });
        await createIdp({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: OIDC, IdpIdentifiers: ['two'] });
        await rejectsWith(createIdp({ UserPoolId: poolId, ProviderName: 'Other', ProviderType: 'OIDC', ProviderDetails: OIDC, IdpIdentifiers: ['one'] }), 'DuplicateProviderException');
        await rejectsWith(
          s.client.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Corp', IdpIdentifiers: ['two', 'one'] })),
          'DuplicateProviderException', 'An IdpIdentifier of the request is already used by another identity provider of this user pool.',
        );
        assert.deepEqual((await describeIdp(poolId, 'Corp')).IdpIdentifiers, ['two'], 'a failed update changes nothing');
        await new Promise((r) => setTimeout(r, 5));
        const u = (await s.client.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Google', IdpIdentifiers: ['three'], AttributeMapping: { name: 'name' }, ProviderDetails: { ...GOOGLE, client_secret: 'rotated' } }))).IdentityProvider!;
        assert.deepEqual(u.IdpIdentifiers, ['three']);
        assert.deepEqual(u.AttributeMapping, { name: 'name', username: 'sub' });
        assert.equal(u.ProviderDetails?.['client_secret'], 'rotated');
        assert.equal(u.ProviderDetails?.['token_url'], 'https://www.googleapis.com/oauth2/v4/token');
        assert.equal(u.CreationDate?.getTime(), g.CreationDate?.getTime());
        assert.ok(u.LastModifiedDate!.getTime() > g.LastModifiedDate!.getTime());
        await rejectsWith(s.client.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'one' })), 'ResourceNotFoundException');
        assert.equal((await s.client.send(new GetIdentityProviderByIdentifierCommand({ UserPoolId: poolId, IdpIdentifier: 'three' }))).IdentityProvider?.ProviderName, 'Google');
        // Members left out stay as they were.
        const same = (await s.client.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Google' }))).IdentityProvider!;
        assert.deepEqual(same.IdpIdentifiers, ['three']);
        assert.equal(same.ProviderDetails?.['client_secret'], 'rotated');
        await rejectsWith(s.client.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Google', ProviderDetails: { client_id: 'x' } })), 'InvalidParameterException', /client_secret is required/);
        await rejectsWith(s.client.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Nope' })), 'ResourceNotFoundException', 'Identity provider Nope does not exist.');
        await rejectsWith(s.client.send(new UpdateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'COGNITO' })), 'UnsupportedIdentityProviderException');
      });

      it('lists providers in pages and deletes them', async () => {
        const poolId = await newPool();
        for (const name of ['Delta', 'Alpha', 'Echo', 'Charlie', 'Bravo']) await createIdp({ UserPoolId: poolId, ProviderName: name, ProviderType: 'OIDC', ProviderDetails: OIDC });
        const first = await s.client.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 2 }));
        assert.deepEqual(first.Providers?.map((p) => p.ProviderName), ['Alpha', 'Bravo']);
        assert.equal(first.Providers?.[0]?.ProviderType, 'OIDC');
        assert.ok(first.Providers?.[0]?.CreationDate instanceof Date);
        assert.equal((first.Providers?.[0] as Record<string, unknown>)['ProviderDetails'], undefined);
        assert.ok(first.NextToken);
        const names: string[] = [];
        for await (const page of paginateListIdentityProviders({ client: s.client, pageSize: 2 }, { UserPoolId: poolId })) names.push(...(page.Providers ?? []).map((p) => p.ProviderName!));
        assert.deepEqual(names, ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']);
        const all = await s.client.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 0 }));
        assert.equal(all.Providers?.length, 5);
        assert.equal(all.NextToken, undefined);
        const otherPool = await newPool();
        await rejectsWith(s.client.send(new ListIdentityProvidersCommand({ UserPoolId: otherPool, NextToken: first.NextToken })), 'InvalidParameterException', 'Invalid pagination token.');
        await rejectsWith(s.client.send(new ListIdentityProvidersCommand({ UserPoolId: poolId, MaxResults: 61 })), 'InvalidParameterException', /Member must have value less than or equal to 60/);

        await s.client.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Charlie' }));
        await rejectsWith(describeIdp(poolId, 'Charlie'), 'ResourceNotFoundException', 'Identity provider Charlie does not exist.');
        await rejectsWith(s.client.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Charlie' })), 'ResourceNotFoundException');
        await rejectsWith(s.client.send(new DeleteIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'COGNITO' })), 'UnsupportedIdentityProviderException');
        assert.equal((await s.client.send(new ListIdentityProvidersCommand({ UserPoolId: poolId }))).Providers?.length, 4);
      });

      it('lets app clients name configured providers in SupportedIdentityProviders', async () => {
        const poolId = await newPool();
        await rejectsWith(
          s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', SupportedIdentityProviders: ['COGNITO', 'Google'] })),
          'InvalidParameterException', `The provider Google does not exist for User Pool ${poolId}`,
        );
        await createIdp({ UserPoolId: poolId });
        const c = (await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', SupportedIdentityProviders: ['COGNITO', 'Google'] }))).UserPoolClient!;
        assert.deepEqual(c.SupportedIdentityProviders, ['COGNITO', 'Google']);
        const u = await s.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: c.ClientId, SupportedIdentityProviders: ['Google'] }));
        assert.deepEqual(u.UserPoolClient?.SupportedIdentityProviders, ['Google']);
      });
    });

    describe('federation links', () => {
      let poolId: string;
      let clientId: string;
      before(async () => {
        poolId = await newPool({ Schema: [{ Name: 'badge', AttributeDataType: 'String', Mutable: false }] });
        clientId = (await createClient(s, poolId, { ExplicitAuthFlows: [...ALL_FLOWS] })).clientId;
        await createIdp({ UserPoolId: poolId });
        await createIdp({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: OIDC, AttributeMapping: { email: 'mail' } });
        await createUser(s, poolId, 'diego', PW, { email: 'diego@example.com' });
        await createUser(s, poolId, 'maria', PW);
      });
      const link = (dest: string, provider: string, value: string, attribute = 'Cognito_Subject') =>
        s.client.send(
          new AdminLinkProviderForUserCommand({
            UserPoolId: poolId,
            DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: dest },
            SourceUser: { ProviderName: provider, ProviderAttributeName: attribute, ProviderAttributeValue: value },
          }),
        );
      const unlink = (provider: string, value: string, attribute = 'Cognito_Subject') =>
        s.client.send(new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: { ProviderName: provider, ProviderAttributeName: attribute, ProviderAttributeValue: value } }));

      it('links an external identity and shows it in the identities attribute and the ID token', async () => {
        const before = Date.now();
        await link('diego', 'Google', '1000000001');
        await link('diego', 'Google', '1000000001'); // the same link again changes nothing
        await link('Diego', 'Corp', 'diego@corp.example', 'email');
        const identities = JSON.parse((await attributesOf(poolId, 'diego'))['identities']!) as Array<Record<string, unknown>>;
        assert.equal(identities.length, 2);
        assert.deepEqual({ ...identities[0], dateCreated: 0 }, { userId: '1000000001', providerName: 'Google', providerType: 'Google', issuer: null, primary: false, dateCreated: 0 });
        assert.deepEqual({ ...identities[1], dateCreated: 0 }, { userId: 'diego@corp.example', providerName: 'Corp', providerType: 'OIDC', issuer: 'https://idp.example.com', primary: false, dateCreated: 0 });
        assert.ok(typeof identities[0]!['dateCreated'] === 'number' && identities[0]!['dateCreated'] >= before - 1000);

        const auth = await s.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'diego', PASSWORD: PW } }));
        const claims = decodeJwt(auth.AuthenticationResult!.IdToken!);
        const inToken = claims['identities'] as Array<Record<string, unknown>>;
        assert.equal(inToken.length, 2);
        // Cognito's ID tokens carry every value of an entry as a string (null stays null).
        assert.deepEqual({ ...inToken[0], dateCreated: '' }, { userId: '1000000001', providerName: 'Google', providerType: 'Google', issuer: null, primary: 'false', dateCreated: '' });
        assert.equal(inToken[0]!['dateCreated'], String(identities[0]!['dateCreated']));
        const me = await s.client.send(new GetUserCommand({ AccessToken: auth.AuthenticationResult!.AccessToken! }));
        assert.ok(me.UserAttributes?.some((a) => a.Name === 'identities'));
      });

      it('refuses links AWS refuses', async () => {
        await rejectsWith(link('maria', 'Google', '1000000001'), 'AliasExistsException', 'SourceUser is already linked to another user of this user pool.');
        await rejectsWith(link('maria', 'Cognito', 'diego'), 'InvalidParameterException', 'Invalid SourceUser: Cognito users with a username/password may not be passed in as a SourceUser, only as a DestinationUser');
        await rejectsWith(link('maria', 'Facebook', '1'), 'InvalidParameterException', `The provider Facebook does not exist for User Pool ${poolId}`);
        await rejectsWith(link('maria', 'Google', '1', 'email'), 'InvalidParameterException', 'SourceUser.ProviderAttributeName must be Cognito_Subject for the Google identity provider.');
        await rejectsWith(link('maria', 'Corp', '1', 'nickname'), 'InvalidParameterException', /nickname is neither Cognito_Subject nor a user pool attribute in the AttributeMapping/);
        await rejectsWith(link('nobody', 'Google', '2'), 'UserNotFoundException', 'User does not exist.');
        await createUser(s, poolId, 'Google_3000', PW);
        await rejectsWith(link('maria', 'Google', '3000'), 'InvalidParameterException', 'Merging is not currently supported, provide a SourceUser that has not been signed up in order to link');
        await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'badged', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'custom:badge', Value: '7' }] }));
        await rejectsWith(link('badged', 'Google', '4'), 'InvalidParameterException', /immutable attribute custom:badge/);
        await rejectsWith(
          s.client.send(new AdminLinkProviderForUserCommand({ UserPoolId: poolId, DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'maria' }, SourceUser: { ProviderName: 'Google' } })),
          'InvalidParameterException', 'SourceUser needs ProviderName, ProviderAttributeName and ProviderAttributeValue.',
        );
        await rejectsWith(
          s.client.send(new AdminLinkProviderForUserCommand({ UserPoolId: 'us-east-1_nope12345', DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'maria' }, SourceUser: { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '1' } })),
          'ResourceNotFoundException',
        );
      });

      it('allows five linked identities per user', async () => {
        for (let i = 0; i < 5; i++) await link('maria', 'Google', `m-${i}`);
        await rejectsWith(link('maria', 'Google', 'm-5'), 'LimitExceededException', 'A user can be linked to at most 5 federated identities.');
        assert.equal((JSON.parse((await attributesOf(poolId, 'maria'))['identities']!) as unknown[]).length, 5);
      });

      it('keeps five links per user and one owner per identity under concurrent requests', async () => {
        for (const name of ['rush', 'rush2', 'rush3']) await createUser(s, poolId, name, PW);
        const results = await Promise.allSettled(Array.from({ length: 8 }, (_, i) => link('rush', 'Google', `r-${i}`)));
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 5);
        for (const r of results) if (r.status === 'rejected') assert.equal((r.reason as Error).name, 'LimitExceededException');
        assert.equal((JSON.parse((await attributesOf(poolId, 'rush'))['identities']!) as unknown[]).length, 5);
        const race = await Promise.allSettled([link('rush2', 'Corp', 'same@corp.example', 'email'), link('rush3', 'Corp', 'same@corp.example', 'email')]);
        assert.equal(race.filter((r) => r.status === 'fulfilled').length, 1);
        const lost = race.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        assert.equal((lost?.reason as Error).name, 'AliasExistsException');
      });

      it('unlinks with AdminDisableProviderForUser, and links die with their user', async () => {
        await unlink('Corp', 'diego@corp.example', 'email');
        const left = JSON.parse((await attributesOf(poolId, 'diego'))['identities']!) as Array<Record<string, unknown>>;
        assert.deepEqual(left.map((i) => i['providerName']), ['Google']);
        await unlink('Google', '1000000001');
        assert.equal((await attributesOf(poolId, 'diego'))['identities'], undefined, 'the attribute goes with the last link');
        await rejectsWith(unlink('Google', '1000000001'), 'UserNotFoundException', 'User does not exist.');
        await rejectsWith(unlink('Facebook', '1'), 'InvalidParameterException', `The provider Facebook does not exist for User Pool ${poolId}`);
        await rejectsWith(unlink('Google', 'x', 'email'), 'InvalidParameterException', /must be Cognito_Subject/);
        await rejectsWith(unlink('Cognito', 'diego'), 'UnsupportedOperationException', /native user/);
        await rejectsWith(unlink('Cognito', 'nobody'), 'UserNotFoundException');
        // Deleting maria frees her five identities for another user.
        await s.client.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'maria' }));
        await link('diego', 'Google', 'm-0');
        assert.equal((JSON.parse((await attributesOf(poolId, 'diego'))['identities']!) as unknown[]).length, 1);
      });
    });

    describe('hosted UI branding', () => {
      let poolId: string;
      let clientId: string;
      before(async () => {
        poolId = await newPool();
        clientId = (await createClient(s, poolId)).clientId;
      });

      it('needs a domain, then stores CSS and logo per pool and per client', async () => {
        await rejectsWith(s.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, CSS: '.label-customizable {}' })), 'InvalidParameterException', 'There has to be an existing domain associated with this user pool');
        assert.deepEqual((await s.client.send(new GetUICustomizationCommand({ UserPoolId: poolId }))).UICustomization, {});
        await s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: `ui-${kind}-${Date.now()}` }));

        const css = '.logo-customizable { max-width: 60%; }';
        const set = (await s.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: 'ALL', CSS: css, ImageFile: PNG }))).UICustomization!;
        assert.equal(set.UserPoolId, poolId);
        assert.equal(set.ClientId, 'ALL');
        assert.equal(set.CSS, css);
        assert.match(set.CSSVersion!, /^\d{14}$/);
        assert.ok(set.CreationDate instanceof Date && set.LastModifiedDate instanceof Date);
        assert.ok(set.ImageUrl?.startsWith(`${s.url}/_userpool/ui/${poolId}/ALL/${set.CSSVersion}/`));
        const img = await fetch(set.ImageUrl!);
        assert.equal(img.status, 200);
        assert.equal(img.headers.get('content-type'), 'image/png');
        assert.deepEqual(Buffer.from(await img.arrayBuffer()), PNG);

        assert.deepEqual((await s.client.send(new GetUICustomizationCommand({ UserPoolId: poolId }))).UICustomization, set);
        assert.deepEqual((await s.client.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId }))).UICustomization, set, 'a client without its own branding gets the default');

        const own = (await s.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId, CSS: '.banner-customizable { padding: 0; }', ImageFile: JPEG }))).UICustomization!;
        assert.equal(own.ClientId, clientId);
        assert.match(own.ImageUrl!, /image\.jpg$/);
        assert.equal((await fetch(own.ImageUrl!)).headers.get('content-type'), 'image/jpeg');
        assert.deepEqual((await s.client.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId }))).UICustomization, own);

        // A new Set replaces CSS and logo together; the old logo URL stops working.
        const again = (await s.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, CSS: '.background-customizable { color: red; }' }))).UICustomization!;
        assert.equal(again.ClientId, 'ALL');
        assert.equal(again.ImageUrl, undefined);
        assert.ok(BigInt(again.CSSVersion!) > BigInt(set.CSSVersion!));
        assert.equal(again.CreationDate?.getTime(), set.CreationDate?.getTime());
        assert.equal((await fetch(set.ImageUrl!)).status, 404);

        // Neither CSS nor logo removes the client's branding: the default applies again.
        await s.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId }));
        assert.deepEqual((await s.client.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: clientId }))).UICustomization, again);
        await rejectsWith(s.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, ImageFile: Buffer.from('GIF89a') })), 'InvalidParameterException', 'ImageFile must be a PNG or JPEG image.');
        await rejectsWith(s.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, ClientId: 'nope', CSS: '' })), 'ResourceNotFoundException', 'User pool client nope does not exist.');
        await rejectsWith(s.client.send(new GetUICustomizationCommand({ UserPoolId: poolId, ClientId: 'nope' })), 'ResourceNotFoundException');
        const big = await rawCall(s.url, 'SetUICustomization', { UserPoolId: poolId, ImageFile: Buffer.alloc(131073).toString('base64') });
        assert.equal(big.json['__type'], 'InvalidParameterException');
      });
    });

    describe('risk configuration', () => {
      it('needs threat protection, then stores pool and client settings', async () => {
        const poolId = await newPool({ UserPoolTier: 'PLUS' });
        const { clientId } = await createClient(s, poolId);
        const { clientId: other } = await createClient(s, poolId);
        const cc = { EventFilter: ['SIGN_IN' as const, 'SIGN_UP' as const], Actions: { EventAction: 'BLOCK' as const } };
        await rejectsWith(s.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, CompromisedCredentialsRiskConfiguration: cc })), 'UserPoolAddOnNotEnabledException');
        assert.deepEqual((await s.client.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId }))).RiskConfiguration, { UserPoolId: poolId });
        await s.client.send(new UpdateUserPoolCommand({ UserPoolId: poolId, UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' } }));

        const ato = {
          NotifyConfiguration: { From: 'admin@example.com', SourceArn: 'arn:aws:ses:us-east-1:123456789012:identity/admin@example.com', BlockEmail: { Subject: 'Blocked', TextBody: 'We blocked a sign-in.' } },
          Actions: { HighAction: { Notify: true, EventAction: 'BLOCK' as const }, LowAction: { Notify: false, EventAction: 'NO_ACTION' as const } },
        };
        const ex = { BlockedIPRangeList: ['192.0.2.0/24'], SkippedIPRangeList: ['2001:db8::/32'] };
        const pooled = (await s.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, CompromisedCredentialsRiskConfiguration: cc, AccountTakeoverRiskConfiguration: ato, RiskExceptionConfiguration: ex }))).RiskConfiguration!;
        assert.equal(pooled.UserPoolId, poolId);
        assert.equal(pooled.ClientId, undefined);
        assert.deepEqual(pooled.CompromisedCredentialsRiskConfiguration, cc);
        assert.deepEqual(pooled.AccountTakeoverRiskConfiguration, ato);
        assert.deepEqual(pooled.RiskExceptionConfiguration, ex);
        assert.ok(pooled.LastModifiedDate instanceof Date);
        assert.deepEqual((await s.client.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId }))).RiskConfiguration, pooled);

        const own = (await s.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId, RiskExceptionConfiguration: { BlockedIPRangeList: ['198.51.100.7/32'] } }))).RiskConfiguration!;
        assert.equal(own.ClientId, clientId);
        assert.deepEqual((await s.client.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId }))).RiskConfiguration, own);
        assert.deepEqual((await s.client.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: other }))).RiskConfiguration, pooled, 'a client without settings inherits the pool’s');
        // UserPoolId and ClientId only: the client inherits again.
        await s.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId }));
        assert.deepEqual((await s.client.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId }))).RiskConfiguration, pooled);
        // UserPoolId only: the pool's settings go back to the defaults.
        await s.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId }));
        const reset = (await s.client.send(new DescribeRiskConfigurationCommand({ UserPoolId: poolId }))).RiskConfiguration!;
        assert.equal(reset.CompromisedCredentialsRiskConfiguration, undefined);

        await rejectsWith(s.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, RiskExceptionConfiguration: { BlockedIPRangeList: ['300.1.1.1/8'] } })), 'InvalidParameterException', /300\.1\.1\.1\/8, which is not an IP address range in CIDR notation/);
        await rejectsWith(
          s.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, AccountTakeoverRiskConfiguration: { Actions: { HighAction: { Notify: true, EventAction: 'BLOCK' } } } })),
          'InvalidParameterException', /NotifyConfiguration is required/,
        );
        await rejectsWith(s.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, ClientId: 'nope' })), 'ResourceNotFoundException', 'User pool client nope does not exist.');
        await rejectsWith(s.client.send(new DescribeRiskConfigurationCommand({ UserPoolId: 'us-east-1_nope12345' })), 'ResourceNotFoundException');
      });
    });

    describe('log delivery', () => {
      it('stores log export settings with AWS’s rules', async () => {
        const poolId = await newPool();
        const empty = await s.client.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: poolId }));
        assert.deepEqual(empty.LogDeliveryConfiguration, { UserPoolId: poolId, LogConfigurations: [] });
        const cw = { LogLevel: 'ERROR' as const, EventSource: 'userNotification' as const, CloudWatchLogsConfiguration: { LogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:cognito' } };
        const set = await s.client.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: poolId, LogConfigurations: [cw] }));
        assert.deepEqual(set.LogDeliveryConfiguration, { UserPoolId: poolId, LogConfigurations: [cw] });
        assert.deepEqual((await s.client.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: poolId }))).LogDeliveryConfiguration, set.LogDeliveryConfiguration);

        const s3 = { LogLevel: 'INFO' as const, EventSource: 'userAuthEvents' as const, S3Configuration: { BucketArn: 'arn:aws:s3:::amzn-s3-demo-bucket1' } };
        await rejectsWith(s.client.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: poolId, LogConfigurations: [cw, s3] })), 'FeatureUnavailableInTierException');
        const plus = await newPool({ UserPoolTier: 'PLUS' });
        const both = await s.client.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: plus, LogConfigurations: [cw, s3] }));
        assert.deepEqual(both.LogDeliveryConfiguration?.LogConfigurations, [cw, s3]);
        await s.client.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: plus, LogConfigurations: [] }));
        assert.deepEqual((await s.client.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: plus }))).LogDeliveryConfiguration?.LogConfigurations, []);

        await rejectsWith(s.client.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: poolId, LogConfigurations: [{ ...cw, FirehoseConfiguration: { StreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/x' } }] })), 'InvalidParameterException', /exactly one destination/);
        await rejectsWith(s.client.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: poolId, LogConfigurations: [{ ...cw, LogLevel: 'INFO' }] })), 'InvalidParameterException', 'userNotification logs are exported at LogLevel ERROR.');
        await rejectsWith(s.client.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: poolId, LogConfigurations: [cw, cw] })), 'InvalidParameterException', /more than one configuration for EventSource userNotification/);
        await rejectsWith(s.client.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: poolId, LogConfigurations: [{ ...cw, CloudWatchLogsConfiguration: { LogGroupArn: 'arn:aws:sqs:us-east-1:123456789012:queue' } }] })), 'InvalidParameterException', /is not the ARN of a CloudWatch Logs log group/);
        await rejectsWith(s.client.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: poolId, LogConfigurations: [cw, cw, cw] })), 'InvalidParameterException', /Member must have length less than or equal to 2/);
        await rejectsWith(s.client.send(new GetLogDeliveryConfigurationCommand({ UserPoolId: 'us-east-1_nope12345' })), 'ResourceNotFoundException');
      });
    });

    describe('signing certificate', () => {
      it('answers UnsupportedOperationException naming the operation', async () => {
        const poolId = await newPool();
        await rejectsWith(s.client.send(new GetSigningCertificateCommand({ UserPoolId: poolId })), 'UnsupportedOperationException', /GetSigningCertificate is not supported/);
        await rejectsWith(s.client.send(new GetSigningCertificateCommand({ UserPoolId: 'us-east-1_nope12345' })), 'ResourceNotFoundException');
      });
    });

    describe('app client secrets', () => {
      it('adds, lists and deletes secrets of a confidential client', async () => {
        const poolId = await newPool();
        const { clientId, secret: original } = await createClient(s, poolId, { GenerateSecret: true });
        const created = (await s.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }))).UserPoolClient!;
        const listed = (await s.client.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId }))).ClientSecrets!;
        assert.equal(listed.length, 1);
        assert.equal(listed[0]!.ClientSecretId, `${clientId}--${created.CreationDate!.getTime()}`);
        assert.equal(listed[0]!.ClientSecretValue, undefined, 'List never reveals a secret');
        assert.ok(listed[0]!.ClientSecretCreateDate instanceof Date);

        const added = (await s.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId }))).ClientSecretDescriptor!;
        assert.match(added.ClientSecretValue!, /^[a-z0-9]{51}$/, 'a generated secret is returned once');
        assert.match(added.ClientSecretId!, new RegExp(`^${clientId}--\\d+$`));
        await rejectsWith(s.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId })), 'LimitExceededException');
        const two = (await s.client.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId }))).ClientSecrets!;
        assert.deepEqual(two.map((d) => d.ClientSecretId), [listed[0]!.ClientSecretId, added.ClientSecretId]);

        // Deleting the original: the client's secret is now the added one.
        await s.client.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecretId: listed[0]!.ClientSecretId }));
        const after = (await s.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }))).UserPoolClient!;
        assert.equal(after.ClientSecret, added.ClientSecretValue);
        assert.notEqual(after.ClientSecret, original);
        await rejectsWith(s.client.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecretId: added.ClientSecretId })), 'InvalidParameterException', 'The last remaining client secret of an app client cannot be deleted.');
        await rejectsWith(s.client.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecretId: 'nope' })), 'ResourceNotFoundException', 'Client secret nope does not exist.');

        // A secret of one's own is not echoed; the same value twice is refused.
        const custom = 'my_own_secret_value_123456';
        const mine = (await s.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecret: custom }))).ClientSecretDescriptor!;
        assert.equal(mine.ClientSecretValue, undefined);
        await s.client.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecretId: mine.ClientSecretId }));
        await rejectsWith(s.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecret: added.ClientSecretValue })), 'InvalidParameterException', /already a secret/);
        await rejectsWith(s.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId, ClientSecret: 'short' })), 'InvalidParameterException', /Member must have length greater than or equal to 24/);
        // UpdateUserPoolClient keeps the secrets.
        await s.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId, ClientName: 'renamed' }));
        assert.equal((await s.client.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId }))).ClientSecrets?.length, 1);
      });

      it('refuses public clients, unknown clients and page tokens', async () => {
        const poolId = await newPool();
        const { clientId } = await createClient(s, poolId);
        assert.deepEqual((await s.client.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId }))).ClientSecrets, []);
        await rejectsWith(s.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId })), 'InvalidParameterException', /has no client secret/);
        await rejectsWith(s.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: 'nope' })), 'ResourceNotFoundException', 'User pool client nope does not exist.');
        await rejectsWith(s.client.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: 'nope' })), 'ResourceNotFoundException');
        await rejectsWith(s.client.send(new ListUserPoolClientSecretsCommand({ UserPoolId: poolId, ClientId: clientId, NextToken: 'abc' })), 'InvalidParameterException', 'Invalid pagination token.');
        await rejectsWith(s.client.send(new DeleteUserPoolClientSecretCommand({ UserPoolId: 'us-east-1_nope12345', ClientId: clientId, ClientSecretId: 'x' })), 'ResourceNotFoundException');
      });
    });

    describe('pool deletion', () => {
      it('takes providers, links, branding, settings and secrets with the pool', async () => {
        const poolId = await newPool({ UserPoolTier: 'PLUS', UserPoolAddOns: { AdvancedSecurityMode: 'AUDIT' } });
        await createIdp({ UserPoolId: poolId, IdpIdentifiers: ['gone.example'] });
        await createUser(s, poolId, 'lena', PW);
        await s.client.send(new AdminLinkProviderForUserCommand({ UserPoolId: poolId, DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'lena' }, SourceUser: { ProviderName: 'Google', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: '42' } }));
        const { clientId } = await createClient(s, poolId, { GenerateSecret: true });
        await s.client.send(new AddUserPoolClientSecretCommand({ UserPoolId: poolId, ClientId: clientId }));
        await s.client.send(new SetRiskConfigurationCommand({ UserPoolId: poolId, ClientId: clientId, RiskExceptionConfiguration: { SkippedIPRangeList: ['10.0.0.0/8'] } }));
        await s.client.send(new SetLogDeliveryConfigurationCommand({ UserPoolId: poolId, LogConfigurations: [{ LogLevel: 'ERROR', EventSource: 'userNotification', CloudWatchLogsConfiguration: { LogGroupArn: 'arn:aws:logs:us-east-1:123456789012:log-group:x' } }] }));
        const domain = `gone-${kind}-${Date.now()}`;
        await s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
        await s.client.send(new SetUICustomizationCommand({ UserPoolId: poolId, CSS: '.label-customizable {}', ImageFile: PNG }));
        await s.client.send(new DeleteUserPoolDomainCommand({ UserPoolId: poolId, Domain: domain }));
        await s.client.send(new DeleteUserPoolCommand({ UserPoolId: poolId }));
        await rejectsWith(describeIdp(poolId, 'Google'), 'ResourceNotFoundException', `User pool ${poolId} does not exist.`);
      });
    });

    describe('GetUserAuthFactors', () => {
      it('lists the signed-in user’s first factors and MFA settings', async () => {
        const poolId = await newPool({ Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } });
        const { clientId } = await createClient(s, poolId);
        await createUser(s, poolId, 'ana', PW, { email: 'ana@example.com', email_verified: 'true', phone_number: '+14325551212' });
        await createUser(s, poolId, 'ben', PW, { email: 'ben@example.com' });
        const signIn = async (username: string): Promise<string> =>
          (await s.client.send(new AdminInitiateAuthCommand({ UserPoolId: poolId, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: PW } }))).AuthenticationResult!.AccessToken!;
        const ana = await s.client.send(new GetUserAuthFactorsCommand({ AccessToken: await signIn('ana') }));
        assert.equal(ana.Username, 'ana');
        assert.deepEqual(ana.ConfiguredUserAuthFactors, ['PASSWORD', 'EMAIL_OTP']);
        assert.equal(ana.PreferredMfaSetting, undefined);
        assert.equal(ana.UserMFASettingList, undefined);
        const ben = await s.client.send(new GetUserAuthFactorsCommand({ AccessToken: await signIn('ben') }));
        assert.deepEqual(ben.ConfiguredUserAuthFactors, ['PASSWORD'], 'an unverified email is no sign-in factor');

        const token = await signIn('ana');
        await s.client.send(new AdminSetUserMFAPreferenceCommand({ UserPoolId: poolId, Username: 'ana', SMSMfaSettings: { Enabled: true, PreferredMfa: true } }));
        const withMfa = await s.client.send(new GetUserAuthFactorsCommand({ AccessToken: token }));
        assert.equal(withMfa.PreferredMfaSetting, 'SMS_MFA');
        assert.deepEqual(withMfa.UserMFASettingList, ['SMS_MFA']);
        await rejectsWith(s.client.send(new GetUserAuthFactorsCommand({ AccessToken: 'a.b.c' })), 'NotAuthorizedException', 'Invalid Access Token');
      });
    });
  });
}
