/**
 * Federated sign-in through an external OpenID Connect identity provider, end to end: a second
 * Userpool server plays the IdP (its own hosted sign-in, token endpoint, JWKS and userInfo), the
 * server under test is its relying party. Driven like a browser with fetch: authorize with
 * identity_provider → the IdP's sign-in page → /oauth2/idpresponse → the app's callback → tokens,
 * checked with jose against the pool's JWKS. PreSignUp_ExternalProvider runs from a local functions
 * folder. SQLite and PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import {
  AdminDisableProviderForUserCommand,
  AdminGetUserCommand,
  ConfirmForgotPasswordCommand,
  AdminLinkProviderForUserCommand,
  AdminUpdateUserAttributesCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  ForgotPasswordCommand,
  GetUserAuthFactorsCommand,
  InitiateAuthCommand,
  ListUsersCommand,
  UpdateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createClient, createPool, createUser, outbox } from './helpers/auth.ts';
import { rejectsWith } from './helpers/errors.ts';
import { databases, startTestServer, type TestServer } from './helpers/server.ts';
import { CookieBrowser } from './helpers/cookie-browser.ts';

const CALLBACK = 'http://localhost:3000/callback';
const PASSWORD = 'Passw0rd!';
const FN = 'arn:aws:lambda:us-east-1:123456789012:function';
/** An app client of the hosted pages (authorization code flow to CALLBACK). */
const WEB_CLIENT = { ClientName: 'web', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code' as const], CallbackURLs: [CALLBACK] };

/** InboundFederation: records each event; refuses mallory; keeps sub and email, renames, drops the rest. */
const INBOUND = `
import { appendFileSync } from 'node:fs';
export const handler = async (event) => {
  appendFileSync(new URL('./events.jsonl', import.meta.url), JSON.stringify(event) + '\\n');
  const info = event.request.attributes.userInfo;
  if (info.email.startsWith('mallory')) throw new Error('Not today');
  event.response.userAttributesToMap = { sub: info.sub, email: info.email, name: info.name[0] + info.name.slice(1).toLowerCase() + ' (via inbound)' };
  return event;
};
`;

/** PreSignUp: records each event; refuses @blocked.example; verifies the e-mail of everyone else. */
const PRE_SIGN_UP = `
import { appendFileSync } from 'node:fs';
export const handler = async (event) => {
  appendFileSync(new URL('./events.jsonl', import.meta.url), JSON.stringify(event) + '\\n');
  if ((event.request.userAttributes.email ?? '').endsWith('@blocked.example')) throw new Error('Blocked domain');
  event.response.autoVerifyEmail = true;
  return event;
};
`;

for (const kind of await databases()) {
  describe(`federated sign-in with an OIDC identity provider (${kind})`, () => {
    let dir: string;
    let idp: TestServer;
    let s: TestServer;
    let idpPool: string;
    let poolId: string;
    let appClient: string;
    let issuer: string;
    const subs = new Map<string, string>();

    const events = (): Array<Record<string, any>> =>
      existsSync(join(dir, 'events.jsonl'))
        ? readFileSync(join(dir, 'events.jsonl'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l))
        : [];

    const main = (): { poolId: string; clientId: string } => ({ poolId, clientId: appClient });

    const authorizeUrl = (extra: Record<string, string> = {}): string =>
      `${s.url}/${poolId}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: appClient, redirect_uri: CALLBACK, scope: 'openid email profile', state: 'app-state', identity_provider: 'Upstream', ...extra })}`;

    /** authorize → IdP sign-in → idpresponse: the app's callback URL. */
    async function federatedSignIn(b: CookieBrowser, username: string): Promise<URL> {
      const start = await b.get(authorizeUrl());
      assert.equal(start.status, 302, await start.clone().text());
      const atIdp = new URL(start.headers.get('location')!);
      assert.equal(`${atIdp.origin}${atIdp.pathname}`, `${idp.url}/${idpPool}/oauth2/authorize`);
      const back = await b.signIn(atIdp, username, PASSWORD);
      assert.equal(`${back.origin}${back.pathname}`, `${s.url}/${poolId}/oauth2/idpresponse`);
      const done = await b.get(back);
      assert.equal(done.status, 302, await done.clone().text());
      return new URL(done.headers.get('location')!);
    }


    /** Makes `pool` trust the IdP as `Upstream`, through an IdP app client of its own. */
    async function trustUpstream(pool: string, clientName: string, mapping: Record<string, string>, method: 'GET' | 'POST'): Promise<void> {
      const rp = (
        await idp.client.send(
          new CreateUserPoolClientCommand({ UserPoolId: idpPool, ClientName: clientName, GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'email', 'profile'], CallbackURLs: [`${s.url}/${pool}/oauth2/idpresponse`] }),
        )
      ).UserPoolClient!;
      await s.client.send(
        new CreateIdentityProviderCommand({
          UserPoolId: pool,
          ProviderName: 'Upstream',
          ProviderType: 'OIDC',
          ProviderDetails: { client_id: rp.ClientId!, client_secret: rp.ClientSecret!, attributes_request_method: method, oidc_issuer: issuer, authorize_scopes: 'openid email profile' },
          AttributeMapping: mapping,
        }),
      );
    }

    /** Another pool of the server trusting the IdP as `Upstream` (userInfo by POST), and an app client listing only it. */
    async function federatedPool(input: { name: string; lambdaConfig?: Record<string, unknown>; schema?: Array<Record<string, unknown>>; mapping: Record<string, string>; usernameAttributes?: Array<'email'> }): Promise<{ poolId: string; clientId: string }> {
      const id = await createPool(s, {
        PoolName: input.name,
        ...(input.lambdaConfig ? { LambdaConfig: input.lambdaConfig } : {}),
        ...(input.schema ? { Schema: input.schema as never } : {}),
        ...(input.usernameAttributes ? { UsernameAttributes: input.usernameAttributes } : {}),
      });
      await trustUpstream(id, input.name, input.mapping, 'POST');
      const app = await createClient(s, id, { ...WEB_CLIENT, AllowedOAuthScopes: ['openid', 'aws.cognito.signin.user.admin'], SupportedIdentityProviders: ['Upstream'] });
      return { poolId: id, clientId: app.clientId };
    }

    /** A federated sign-in to `pool` as `username`: the app's callback URL. */
    async function signInTo(pool: { poolId: string; clientId: string }, username: string): Promise<URL> {
      const b = new CookieBrowser();
      const start = await b.get(`${s.url}/${pool.poolId}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: pool.clientId, redirect_uri: CALLBACK, scope: 'openid aws.cognito.signin.user.admin', identity_provider: 'Upstream' })}`);
      const back = await b.signIn(new URL(start.headers.get('location')!), username, PASSWORD);
      return new URL((await b.get(back)).headers.get('location')!);
    }

    /** The app trades the callback's code for tokens: the ID token's claims (verified against the pool's JWKS) and the access token. */
    async function tokensOf(pool: { poolId: string; clientId: string }, callback: URL): Promise<{ claims: Record<string, any>; accessToken: string }> {
      const res = await fetch(`${s.url}/${pool.poolId}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: pool.clientId, code: callback.searchParams.get('code') ?? assert.fail(`no code in ${callback.href}`), redirect_uri: CALLBACK }),
      });
      assert.equal(res.status, 200);
      const body = (await res.json()) as Record<string, string>;
      const jwks = createRemoteJWKSet(new URL(`${s.url}/${pool.poolId}/.well-known/jwks.json`));
      const { payload } = await jwtVerify(body['id_token']!, jwks, { issuer: `${s.url}/${pool.poolId}`, audience: pool.clientId });
      return { claims: payload, accessToken: body['access_token']! };
    }
    const idTokenOf = async (pool: { poolId: string; clientId: string }, callback: URL): Promise<Record<string, any>> => (await tokensOf(pool, callback)).claims;

    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'userpool-federation-'));
      writeFileSync(join(dir, 'pre-sign-up.mjs'), PRE_SIGN_UP);
      writeFileSync(join(dir, 'inbound.mjs'), INBOUND);
      idp = await startTestServer('sqlite');
      s = await startTestServer(kind, { lambdaDir: dir });
      poolId = await createPool(s, { PoolName: 'app', LambdaConfig: { PreSignUp: `${FN}:pre-sign-up` } });
      idpPool = await createPool(idp, { PoolName: 'corporate-idp' });
      issuer = `${idp.url}/${idpPool}`;
      for (const [name, email] of [['carol', 'carol@example.com'], ['mallory', 'mallory@blocked.example'], ['dave', 'dave@example.com']] as const) {
        await createUser(idp, idpPool, name, PASSWORD, { email, email_verified: 'true', name: name.toUpperCase() });
        const user = await idp.client.send(new AdminGetUserCommand({ UserPoolId: idpPool, Username: name }));
        subs.set(name, user.UserAttributes!.find((a) => a.Name === 'sub')!.Value!);
      }
      await trustUpstream(poolId, 'userpool-rp', { email: 'email', name: 'name' }, 'GET');
      appClient = (await createClient(s, poolId, { ...WEB_CLIENT, AllowedOAuthScopes: ['openid', 'email', 'profile'], SupportedIdentityProviders: ['COGNITO', 'Upstream'] })).clientId;
    });

    after(async () => {
      await s?.close();
      await idp?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('the sign-in page offers the provider next to the password form', async () => {
      const b = new CookieBrowser();
      const page = await b.get(authorizeUrl({ identity_provider: '' }).replace('&identity_provider=', ''));
      assert.equal(page.status, 302);
      const html = await (await b.get(new URL(page.headers.get('location')!, s.url))).text();
      const link = /<a class="idp" href="([^"]+)">Sign in with Upstream<\/a>/.exec(html)?.[1]?.replace(/&amp;/g, '&') ?? assert.fail('no Upstream button');
      assert.equal(new URL(link, s.url).searchParams.get('identity_provider'), 'Upstream');
      assert.match(html, /name="password"/);
    });

    it('first sign-in creates an EXTERNAL_PROVIDER user after PreSignUp_ExternalProvider; the tokens name it', async () => {
      const callback = await federatedSignIn(new CookieBrowser(), 'carol');
      assert.equal(`${callback.origin}${callback.pathname}`, CALLBACK);
      assert.equal(callback.searchParams.get('state'), 'app-state');
      const claims = await idTokenOf(main(), callback);
      const username = `Upstream_${subs.get('carol')}`;
      assert.equal(claims['cognito:username'], username);
      assert.equal(claims['email'], 'carol@example.com');
      assert.equal(claims['email_verified'], true, 'PreSignUp answered autoVerifyEmail');
      assert.equal(claims['name'], 'CAROL');
      const identities = claims['identities'] as Array<Record<string, unknown>>;
      assert.equal(identities.length, 1);
      assert.equal(identities[0]!['userId'], subs.get('carol'));
      assert.equal(identities[0]!['providerName'], 'Upstream');
      assert.equal(identities[0]!['providerType'], 'OIDC');
      assert.equal(identities[0]!['issuer'], issuer);
      // In the token every value is a string, as in Cognito's ID tokens; the attribute keeps true and a number.
      assert.equal(identities[0]!['primary'], 'true');
      assert.match(String(identities[0]!['dateCreated']), /^\d{13}$/);

      const user = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
      assert.equal(user.UserStatus, 'EXTERNAL_PROVIDER');
      const event = events().find((e) => e.userName === username) ?? assert.fail('PreSignUp did not run');
      assert.equal(event.triggerSource, 'PreSignUp_ExternalProvider');
      assert.equal(event.callerContext.clientId, appClient);
      assert.deepEqual(event.request.userAttributes, { email: 'carol@example.com', name: 'CAROL' });
    });

    it('the next sign-in is the same user, with attributes refreshed from the IdP and no new PreSignUp', async () => {
      await idp.client.send(new AdminUpdateUserAttributesCommand({ UserPoolId: idpPool, Username: 'carol', UserAttributes: [{ Name: 'name', Value: 'Carol Renamed' }] }));
      const before = events().length;
      const claims = await idTokenOf(main(), await federatedSignIn(new CookieBrowser(), 'carol'));
      assert.equal(claims['cognito:username'], `Upstream_${subs.get('carol')}`);
      assert.equal(claims['name'], 'Carol Renamed');
      assert.equal(events().length, before);
      // The IdP vouches for the user: there is no password to sign in with at the pool itself.
      const { clientId } = await createClient(s, poolId, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
      await rejectsWith(
        s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: `Upstream_${subs.get('carol')}`, PASSWORD } })),
        'NotAuthorizedException',
      );
      const users = await s.client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'email = "carol@example.com"' }));
      assert.equal(users.Users!.length, 1);
    });

    it('a PreSignUp refusal goes back to the app as an error, and no user is stored', async () => {
      const callback = await federatedSignIn(new CookieBrowser(), 'mallory');
      assert.equal(`${callback.origin}${callback.pathname}`, CALLBACK);
      assert.equal(callback.searchParams.get('error'), 'invalid_request');
      assert.equal(callback.searchParams.get('error_description'), 'PreSignUp failed with error Blocked domain.');
      assert.equal(callback.searchParams.get('state'), 'app-state');
      const users = await s.client.send(new ListUsersCommand({ UserPoolId: poolId, Filter: 'email = "mallory@blocked.example"' }));
      assert.equal(users.Users!.length, 0);
    });

    it('an identity linked to a user of the pool (AdminLinkProviderForUser) signs in as that user', async () => {
      await createUser(s, poolId, 'dave-local', PASSWORD, { email: 'dave@example.com' });
      await s.client.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: poolId,
          DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'dave-local' },
          SourceUser: { ProviderName: 'Upstream', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: subs.get('dave')! },
        }),
      );
      const claims = await idTokenOf(main(), await federatedSignIn(new CookieBrowser(), 'dave'));
      assert.equal(claims['cognito:username'], 'dave-local');
    });

    it('the state is single-use, the IdP refusing or a bad code goes back to the app as an error', async () => {
      const b = new CookieBrowser();
      const stateOf = async (): Promise<string> => new URL((await b.get(authorizeUrl())).headers.get('location')!).searchParams.get('state')!;
      const idpResponse = (params: Record<string, string>): string => `${s.url}/${poolId}/oauth2/idpresponse?${new URLSearchParams(params)}`;

      const refused = await b.get(idpResponse({ state: await stateOf(), error: 'access_denied', error_description: 'The user said no' }));
      assert.equal(refused.status, 302);
      const r = new URL(refused.headers.get('location')!);
      assert.equal(r.searchParams.get('error'), 'access_denied');
      assert.equal(r.searchParams.get('error_description'), 'The user said no');

      const state = await stateOf();
      const cookies = new Map(b.jar);
      const badCode = await b.get(idpResponse({ state, code: '00000000-0000-4000-8000-000000000000' }));
      assert.equal(badCode.status, 302);
      const e = new URL(badCode.headers.get('location')!);
      assert.equal(e.searchParams.get('error'), 'invalid_request');
      assert.match(e.searchParams.get('error_description')!, /token endpoint answered HTTP 400: invalid_grant/);

      for (const [k, v] of cookies) b.jar.set(k, v);
      const replay = await b.get(idpResponse({ state, code: '00000000-0000-4000-8000-000000000000' }));
      assert.equal(replay.status, 400);
      assert.match(await replay.text(), /state is unknown, used or expired/);
    });

    it('an IdP answer is accepted only in the browser that started the sign-in (no login CSRF)', async () => {
      const victim = new CookieBrowser();
      const attacker = new CookieBrowser();
      // The attacker starts a sign-in and gets the IdP's answer for their own account…
      const start = await attacker.get(authorizeUrl());
      const atIdp = new URL(start.headers.get('location')!);
      const answer = await attacker.signIn(atIdp, 'carol', PASSWORD);
      // …and makes the victim's browser open it: refused, and the victim holds no session.
      const opened = await victim.get(answer);
      assert.equal(opened.status, 400);
      assert.match(await opened.text(), /not started in this browser/);
      assert.equal(victim.jar.has('cognito'), false);
      // The state was not used up: the browser that started it still finishes the sign-in.
      const done = await attacker.get(answer);
      assert.equal(done.status, 302);
      assert.ok(new URL(done.headers.get('location')!).searchParams.get('code'));
      const forged = await victim.get(`${s.url}/${poolId}/oauth2/idpresponse?state=${'A'.repeat(64)}&code=x`);
      assert.equal(forged.status, 400);
    });

    it('a pool that requires an attribute the IdP does not send refuses the new user before PreSignUp', async () => {
      const strict = await federatedPool({
        name: 'strict',
        lambdaConfig: { PreSignUp: `${FN}:pre-sign-up` },
        schema: [{ Name: 'family_name', AttributeDataType: 'String', Required: true, Mutable: true }],
        mapping: { email: 'email', family_name: 'family_name' },
      });
      // A client that lists only the IdP: its sign-in page has the button and no password form.
      const b = new CookieBrowser();
      const toLogin = await b.get(`${s.url}/${strict.poolId}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: strict.clientId, redirect_uri: CALLBACK, scope: 'openid' })}`);
      const page = await (await b.get(new URL(toLogin.headers.get('location')!, s.url))).text();
      assert.match(page, /Sign in with Upstream/);
      assert.doesNotMatch(page, /name="password"/);
      const before = events().length;
      const done = await signInTo(strict, 'carol');
      assert.equal(done.searchParams.get('error'), 'invalid_request');
      assert.equal(done.searchParams.get('error_description'), 'Invalid user attributes: family_name. The attribute is required.');
      assert.equal(events().length, before, 'PreSignUp did not run');
      assert.equal((await s.client.send(new ListUsersCommand({ UserPoolId: strict.poolId }))).Users!.length, 0);
    });

    it('InboundFederation sees the raw IdP answer and its userAttributesToMap is what the mapping works on', async () => {
      const pool = await federatedPool({
        name: 'inbound',
        lambdaConfig: { InboundFederation: { LambdaArn: `${FN}:inbound`, LambdaVersion: 'V1_0' } },
        mapping: { email: 'email', name: 'name', website: 'iss' },
      });
      const callback = await signInTo(pool, 'carol');
      const claims = await idTokenOf(pool, callback);
      assert.equal(claims['email'], 'carol@example.com');
      assert.equal(claims['name'], 'Carol renamed (via inbound)');
      assert.equal(claims['website'], undefined, 'iss is in the ID token but left out of userAttributesToMap, so dropped');
      const event = events().find((e) => e.triggerSource === 'InboundFederation_ExternalProvider') ?? assert.fail('InboundFederation did not run');
      assert.equal(event.userName, subs.get('carol'));
      assert.equal(event.callerContext.clientId, pool.clientId);
      assert.equal(event.request.providerName, 'Upstream');
      assert.equal(event.request.providerType, 'OIDC');
      assert.equal(event.request.attributes.idToken.sub, subs.get('carol'));
      assert.equal(event.request.attributes.idToken.iss, issuer);
      assert.equal(event.request.attributes.userInfo.email, 'carol@example.com');
      assert.equal(event.request.attributes.tokenResponse.token_type, 'Bearer');
      assert.equal(typeof event.request.attributes.tokenResponse.access_token, 'string');

      // It runs at every sign-in, and a function that throws stops the sign-in with AWS's message.
      const refused = await signInTo(pool, 'mallory');
      assert.equal(refused.searchParams.get('error_description'), 'InboundFederation failed with error Not today.');
      assert.equal((await s.client.send(new ListUsersCommand({ UserPoolId: pool.poolId, Filter: 'email = "mallory@blocked.example"' }))).Users!.length, 0);
    });

    it('an identity linked by a mapped attribute (ProviderAttributeName email) signs in as the linked user', async () => {
      const pool = await federatedPool({ name: 'by-email', mapping: { email: 'email' } });
      await createUser(s, pool.poolId, 'dave-by-email', PASSWORD, { email: 'dave@example.com' });
      await s.client.send(
        new AdminLinkProviderForUserCommand({
          UserPoolId: pool.poolId,
          DestinationUser: { ProviderName: 'Cognito', ProviderAttributeValue: 'dave-by-email' },
          SourceUser: { ProviderName: 'Upstream', ProviderAttributeName: 'email', ProviderAttributeValue: 'dave@example.com' },
        }),
      );
      assert.equal((await idTokenOf(pool, await signInTo(pool, 'dave')))['cognito:username'], 'dave-by-email');
    });

    it("a user of the pool's directory whose username looks federated is never signed in by the IdP", async () => {
      await createUser(s, poolId, `Upstream_${subs.get('mallory')}`, PASSWORD, { email: 'someone@example.com' });
      const callback = await federatedSignIn(new CookieBrowser(), 'mallory');
      assert.equal(callback.searchParams.get('error'), 'invalid_request');
      assert.match(callback.searchParams.get('error_description')!, /belongs to a user who signs in with the user pool's directory/);
      assert.equal(callback.searchParams.get('code'), null);
    });

    it("a federated user cannot sign in with the pool's own factors, even with a verified e-mail address in a pool that offers EMAIL_OTP", async () => {
      const pool = await federatedPool({ name: 'otp', mapping: { email: 'email', email_verified: 'email_verified' } });
      await s.client.send(new UpdateUserPoolCommand({ UserPoolId: pool.poolId, AutoVerifiedAttributes: ['email'], Policies: { SignInPolicy: { AllowedFirstAuthFactors: ['PASSWORD', 'EMAIL_OTP'] } } }));
      const { claims, accessToken } = await tokensOf(pool, await signInTo(pool, 'carol'));
      assert.equal(claims['email_verified'], true);
      // GetUserAuthFactors tells the truth: no factor of the pool's own.
      const factors = await s.client.send(new GetUserAuthFactorsCommand({ AccessToken: accessToken }));
      assert.deepEqual(factors.ConfiguredUserAuthFactors ?? [], []);
      const { clientId } = await createClient(s, pool.poolId, { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
      const username = String(claims['cognito:username']);
      await rejectsWith(
        s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_AUTH', AuthParameters: { USERNAME: username, PREFERRED_CHALLENGE: 'EMAIL_OTP' } })),
        'NotAuthorizedException',
        'Incorrect username or password.',
      );
      // Nor reset a password it does not have (its e-mail address would otherwise take over the account).
      await rejectsWith(s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: username })), 'NotAuthorizedException', 'User password cannot be reset in the current state.');
      await rejectsWith(
        s.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: username, ConfirmationCode: '123456', Password: 'New-Passw0rd!' })),
        'NotAuthorizedException',
        'User password cannot be reset in the current state.',
      );
      assert.equal((await outbox(s, pool.poolId)).length, 0, 'no code was sent');
    });

    it('in a pool where the e-mail address is the username, a federated user with the e-mail of a user of the pool is a user of its own', async () => {
      const pool = await federatedPool({ name: 'email-names', mapping: { email: 'email' }, usernameAttributes: ['email'] });
      await createUser(s, pool.poolId, 'carol@example.com', PASSWORD, { email: 'carol@example.com' });
      const claims = await idTokenOf(pool, await signInTo(pool, 'carol'));
      assert.equal(claims['cognito:username'], `Upstream_${subs.get('carol')}`);
      assert.equal(claims['email'], 'carol@example.com');
      const federated = await s.client.send(new AdminGetUserCommand({ UserPoolId: pool.poolId, Username: `Upstream_${subs.get('carol')}` }));
      assert.equal(federated.UserStatus, 'EXTERNAL_PROVIDER');
      // The pool's own user still signs in by e-mail address, as before.
      const { clientId } = await createClient(s, pool.poolId, { ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
      const own = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'carol@example.com', PASSWORD } }));
      assert.ok(own.AuthenticationResult?.IdToken);
      assert.notEqual(decodeJwt(own.AuthenticationResult.IdToken)['sub'], claims['sub']);
    });

    it('a provider the client does not list, or an unknown one, is refused', async () => {
      const b = new CookieBrowser();
      const unknown = await b.get(authorizeUrl({ identity_provider: 'Nope' }));
      assert.equal(unknown.status, 302);
      assert.equal(new URL(unknown.headers.get('location')!).searchParams.get('error'), 'invalid_request');
      const only = (await createClient(s, poolId, { ...WEB_CLIENT, ClientName: 'cognito-only', AllowedOAuthScopes: ['openid'], SupportedIdentityProviders: ['COGNITO'] })).clientId;
      const notListed = await b.get(authorizeUrl({ client_id: only, scope: 'openid' }));
      assert.equal(new URL(notListed.headers.get('location')!).searchParams.get('error'), 'unauthorized_client');
    });

    it('the identity a federated user came from is a link: AdminDisableProviderForUser removes it', async () => {
      const username = `Upstream_${subs.get('carol')}`;
      const identitiesOf = async (): Promise<string | undefined> =>
        (await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }))).UserAttributes!.find((a) => a.Name === 'identities')?.Value;
      const entries = JSON.parse((await identitiesOf())!) as Array<Record<string, unknown>>;
      assert.deepEqual(entries.map((e) => [e['providerName'], e['userId'], e['primary']]), [['Upstream', subs.get('carol'), true]]);
      await s.client.send(new AdminDisableProviderForUserCommand({ UserPoolId: poolId, User: { ProviderName: 'Upstream', ProviderAttributeName: 'Cognito_Subject', ProviderAttributeValue: subs.get('carol')! } }));
      assert.equal(await identitiesOf(), undefined);
    });
  });
}
