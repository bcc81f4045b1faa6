import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  CognitoIdentityProviderClient,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateIdentityProviderCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { decodeJwt } from 'jose';
import { Agent } from 'node:https';
import { databases, startTestServer, withServer } from './helpers/server.ts';
import { createPool, createUser } from './helpers/auth.ts';
import { selfSignedCertificate, type TestCertificate } from './helpers/tls.ts';
import type { Page } from 'playwright-core';
import { bundleForBrowser, chromiumAvailable, launchChromium, serveApp, type AppServer, type Browser } from './helpers/browser.ts';

// Amplify v6 builds https://${oauth.domain}/oauth2/authorize and POSTs https://${oauth.domain}/oauth2/token
// from the browser, so the server runs with a certificate (USERPOOL_TLS_CERT / USERPOOL_TLS_KEY).
const runs = chromiumAvailable();

interface AppResult {
  error?: string;
  user?: { username: string; userId: string };
  accessToken?: string;
  idToken?: string;
}

/**
 * Amplify's `oauth.domain` forms: the server itself (root endpoints, pool found by client_id, as
 * issue 9 asks for `localhost:<port>`), and the pool's endpoints under its id (`/{poolId}/oauth2/…`).
 */
const DOMAINS: Array<{ name: string; domain: (port: number, userPoolId: string) => string; base: (userPoolId: string) => string }> = [
  { name: 'localhost:<port>', domain: (port) => `localhost:${port}`, base: () => '' },
  { name: 'localhost:<port>/<poolId>', domain: (port, userPoolId) => `localhost:${port}/${userPoolId}`, base: (userPoolId) => `/${userPoolId}` },
];

/** Fills a hosted sign-in page (the pool's or the IdP's), then waits for the app's result after the redirects. */
async function signInOnPage(page: Page, username: string, consoleLines: string[]): Promise<AppResult> {
  await page.fill('#username', username);
  await page.fill('#password', 'Passw0rd!');
  await page.click('button[name="signInSubmitButton"]');
  await page.waitForFunction(() => (document.getElementById('result')?.textContent ?? '') !== '', undefined, { timeout: 20_000 }).catch(() => {
    throw new Error(`Amplify did not finish; at ${page.url()}; console:\n${consoleLines.join('\n')}`);
  });
  const result = JSON.parse((await page.textContent('#result')) ?? '{}') as AppResult;
  assert.equal(result.error, undefined, `${result.error}\n${consoleLines.join('\n')}`);
  return result;
}

const script = runs ? await bundleForBrowser(join(import.meta.dirname, 'helpers', 'amplify-app.js')) : '';

for (const kind of runs ? await databases() : ['sqlite' as const]) {
  describe(`Amplify v6 signInWithRedirect (code + PKCE) in Chromium (${kind})`, { skip: !runs && 'no /usr/bin/chromium' }, () => {
    let cert: TestCertificate;
    const server = withServer(kind, () => {
      cert = selfSignedCertificate();
      return { tlsCert: cert.certPath, tlsKey: cert.keyPath };
    });
    let cognito: CognitoIdentityProviderClient;
    before(() => {
      // The test's SDK client trusts the throw-away certificate.
      cognito = new CognitoIdentityProviderClient({
        region: 'us-east-1',
        endpoint: server.url,
        credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        requestHandler: { httpsAgent: new Agent({ ca: cert.cert }) },
      });
    });
    after(() => {
      cognito?.destroy();
      cert?.remove();
    });

    async function oauthPool(app: AppServer): Promise<{ userPoolId: string; clientId: string }> {
      const userPoolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'amplify' }))).UserPool!.Id!;
      const clientId = (await cognito.send(new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: 'amplify-web',
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthScopes: ['openid', 'email'],
        CallbackURLs: [`${app.origin}/`],
        LogoutURLs: [`${app.origin}/`],
        SupportedIdentityProviders: ['COGNITO'],
      }))).UserPoolClient!.ClientId!;
      await cognito.send(new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: 'jane',
        MessageAction: 'SUPPRESS',
        UserAttributes: [{ Name: 'email', Value: 'jane@example.com' }, { Name: 'email_verified', Value: 'true' }],
      }));
      await cognito.send(new AdminSetUserPasswordCommand({ UserPoolId: userPoolId, Username: 'jane', Password: 'Passw0rd!', Permanent: true }));
      return { userPoolId, clientId };
    }

    for (const { name, domain, base } of DOMAINS) it(`oauth.domain ${name}: signs in through the hosted page with tokens of the pool and the app client, and signs out through /logout`, async () => {
      let config: { userPoolId: string; clientId: string } | undefined;
      const app = await serveApp(script, (origin) => `<!doctype html><html><head><meta charset="utf-8"><title>app</title></head><body>
  <button id="sign-in">Sign in</button><button id="sign-out">Sign out</button><p id="status"></p><pre id="result"></pre>
  <script>window.AMPLIFY_CONFIG = ${JSON.stringify({
        Auth: {
          Cognito: {
            userPoolId: config!.userPoolId,
            userPoolClientId: config!.clientId,
            loginWith: {
              oauth: {
                domain: domain(server.port, config!.userPoolId),
                scopes: ['openid', 'email'],
                redirectSignIn: [`${origin}/`],
                redirectSignOut: [`${origin}/`],
                responseType: 'code',
              },
            },
          },
        },
      })};</script>
  <script type="module" src="/app.js"></script></body></html>`);
      const browser: Browser = await launchChromium();
      try {
        config = await oauthPool(app);
        const page = await browser.context.newPage();
        const consoleLines: string[] = [];
        page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
        page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
        await page.goto(`${app.origin}/`);
        await page.waitForSelector('body[data-ready="true"]');
        await page.click('#sign-in');
        await page.waitForURL(/\/login\?/, { timeout: 20_000 });
        assert.equal(new URL(page.url()).origin, `https://localhost:${server.port}`);
        assert.equal(new URL(page.url()).pathname, `${base(config.userPoolId)}/login`);
        const result = await signInOnPage(page, 'jane', consoleLines);
        assert.equal(result.user?.username, 'jane');
        const access = decodeJwt(result.accessToken!);
        const id = decodeJwt(result.idToken!);
        const issuer = `${server.url}/${config.userPoolId}`;
        assert.equal(access.iss, issuer);
        assert.equal(access.client_id, config.clientId);
        assert.equal(access.token_use, 'access');
        assert.equal(access.scope, 'openid email');
        assert.equal(id.iss, issuer);
        assert.equal(id.aud, config.clientId);
        assert.equal(id.email, 'jane@example.com');
        assert.equal(result.user?.userId, id.sub);

        // Amplify keeps the session across a reload; signOut() ends it at the hosted /logout and comes back.
        await page.goto(`${app.origin}/`);
        await page.waitForSelector('body[data-ready="true"]');
        assert.equal(await page.textContent('#status'), 'signed in: jane');
        const logout = page.waitForRequest((req) => new URL(req.url()).pathname.endsWith('/logout'));
        await page.click('#sign-out');
        const logoutUrl = new URL((await logout).url());
        assert.equal(logoutUrl.origin, `https://localhost:${server.port}`);
        assert.equal(logoutUrl.pathname, `${base(config.userPoolId)}/logout`);
        assert.equal(logoutUrl.searchParams.get('client_id'), config.clientId);
        assert.equal(logoutUrl.searchParams.get('logout_uri'), `${app.origin}/`);
        await page.waitForURL(`${app.origin}/`);
        await page.waitForSelector('body[data-ready="true"]');
        assert.equal(await page.textContent('#status'), 'signed out');
        // The hosted session ended too: signing in again asks for the password.
        await page.click('#sign-in');
        await page.waitForURL(/\/login\?/, { timeout: 20_000 });
        assert.ok(await page.isVisible('#password'));
      } finally {
        await browser.close();
        await app.close();
      }
    });

    it('signInWithRedirect({ provider: { custom } }): through an external OIDC identity provider and back, with tokens of the federated user', async () => {
      // The IdP: another Userpool server (plain HTTP), its pool's hosted sign-in page is what the user sees.
      const idp = await startTestServer('sqlite');
      let config: { userPoolId: string; clientId: string } | undefined;
      const app = await serveApp(script, (origin) => `<!doctype html><html><head><meta charset="utf-8"><title>app</title></head><body>
  <button id="sign-in">Sign in</button><button id="sign-out">Sign out</button><p id="status"></p><pre id="result"></pre>
  <script>window.SIGN_IN_PROVIDER = 'Corporate'; window.AMPLIFY_CONFIG = ${JSON.stringify({
        Auth: { Cognito: { userPoolId: config!.userPoolId, userPoolClientId: config!.clientId, loginWith: { oauth: { domain: `localhost:${server.port}`, scopes: ['openid', 'email'], redirectSignIn: [`${origin}/`], redirectSignOut: [`${origin}/`], responseType: 'code' } } } },
      })};</script>
  <script type="module" src="/app.js"></script></body></html>`);
      const browser: Browser = await launchChromium();
      try {
        const userPoolId = (await cognito.send(new CreateUserPoolCommand({ PoolName: 'federated' }))).UserPool!.Id!;
        const idpPool = await createPool(idp, { PoolName: 'corporate' });
        await createUser(idp, idpPool, 'erin', 'Passw0rd!', { email: 'erin@corp.example', email_verified: 'true' });
        const rp = (await idp.client.send(new CreateUserPoolClientCommand({
          UserPoolId: idpPool, ClientName: 'rp', GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'],
          AllowedOAuthScopes: ['openid', 'email'],
          // The origin the app's authorize request goes to (oauth.domain), where the state cookie lives.
          CallbackURLs: [`https://localhost:${server.port}/${userPoolId}/oauth2/idpresponse`],
        }))).UserPoolClient!;
        await cognito.send(new CreateIdentityProviderCommand({
          UserPoolId: userPoolId, ProviderName: 'Corporate', ProviderType: 'OIDC', AttributeMapping: { email: 'email' },
          ProviderDetails: { client_id: rp.ClientId!, client_secret: rp.ClientSecret!, oidc_issuer: `${idp.url}/${idpPool}`, authorize_scopes: 'openid email', attributes_request_method: 'GET' },
        }));
        const clientId = (await cognito.send(new CreateUserPoolClientCommand({
          UserPoolId: userPoolId, ClientName: 'amplify-web', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid', 'email'],
          CallbackURLs: [`${app.origin}/`], LogoutURLs: [`${app.origin}/`], SupportedIdentityProviders: ['Corporate'],
        }))).UserPoolClient!.ClientId!;
        config = { userPoolId, clientId };
        const page = await browser.context.newPage();
        const consoleLines: string[] = [];
        page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
        await page.goto(`${app.origin}/`);
        await page.waitForSelector('body[data-ready="true"]');
        await page.click('#sign-in');
        // Amplify asks for identity_provider=Corporate: the browser lands on the IdP's own sign-in page.
        await page.waitForURL((url) => url.href.startsWith(`${idp.url}/${idpPool}/login?`), { timeout: 20_000 }).catch(async () => {
          throw new Error(`not at the IdP's sign-in page but at ${page.url()}: ${(await page.content()).slice(0, 2000)}\n${consoleLines.join('\n')}`);
        });
        const result = await signInOnPage(page, 'erin', consoleLines);
        const id = decodeJwt(result.idToken!);
        assert.equal(id.iss, `${server.url}/${userPoolId}`);
        assert.match(String(id['cognito:username']), /^Corporate_[0-9a-f-]{36}$/);
        assert.equal(result.user?.username, id['cognito:username']);
        assert.equal(id.email, 'erin@corp.example');
        assert.equal((id.identities as Array<Record<string, unknown>>)[0]!['providerName'], 'Corporate');
      } finally {
        await browser.close();
        await app.close();
        await idp.close();
      }
    });
  });
}
