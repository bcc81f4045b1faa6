/**
 * Lambda triggers from the functions folder (USERPOOL_LAMBDA_DIR): a pool's LambdaConfig ARN runs
 * the local module of that function name in a worker thread, with AWS's event shape; the answer
 * changes the outcome (PreSignUp auto-confirms and auto-verifies), and failures are AWS's errors —
 * a throwing handler → UserLambdaValidationException "PreSignUp failed with error <message>." with
 * nothing stored, a wrong answer → InvalidLambdaResponseException, a missing function or one that
 * hangs → UnexpectedLambdaException (three 5-second attempts) while the server keeps answering.
 * PreTokenGeneration V1 and V2 change the claims, groups and scopes of tokens that verify.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AdminGetUserCommand,
  CreateUserPoolClientCommand,
  CreateResourceServerCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  ListUserPoolsCommand,
  ListUsersCommand,
  RespondToAuthChallengeCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { JwtVerifier } from 'aws-jwt-verify';
import { AdminAddUserToGroupCommand, AdminConfirmSignUpCommand, AdminCreateUserCommand, ConfirmForgotPasswordCommand, ConfirmSignUpCommand, CreateGroupCommand, ForgotPasswordCommand, ResendConfirmationCodeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createUser, latestCode, outbox } from './helpers/auth.ts';
import { CookieBrowser } from './helpers/cookie-browser.ts';
import { databases, startTestServer, type TestServer } from './helpers/server.ts';

const arn = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

function writeFunctions(dir: string): void {
  writeFileSync(
    join(dir, 'auto-confirm.mjs'),
    `import { writeFileSync } from 'node:fs';
export const handler = async (event) => {
  writeFileSync(process.env.EVENT_FILE, JSON.stringify(event));
  event.response.autoConfirmUser = true;
  event.response.autoVerifyEmail = true;
  return event;
};
`,
  );
  writeFileSync(join(dir, 'reject.mjs'), `export const handler = async (event) => { throw new Error('Invalid email domain'); };\n`);
  // The callback style, CommonJS, in a folder with an index file.
  mkdirSync(join(dir, 'callback-style'));
  writeFileSync(join(dir, 'callback-style', 'index.js'), `exports.handler = (event, context, callback) => { event.response.autoConfirmUser = context.functionName === 'callback-style'; callback(null, event); };\n`);
  writeFileSync(join(dir, 'nonsense.mjs'), `export const handler = async () => 'not an event';\n`);
  writeFileSync(join(dir, 'wrong-type.mjs'), `export const handler = async (event) => ({ ...event, response: { autoConfirmUser: 'yes' } });\n`);
  writeFileSync(
    join(dir, 'claims-v1.mjs'),
    `import { appendFileSync } from 'node:fs';
export const handler = async (event) => {
  appendFileSync(process.env.TOKEN_EVENTS_FILE, JSON.stringify(event) + '\\n');
  event.response.claimsOverrideDetails = {
    claimsToAddOrOverride: { tenant: 'acme', email: 'override@example.com', sub: 'not-allowed' },
    claimsToSuppress: ['name'],
    groupOverrideDetails: { groupsToOverride: ['from-lambda'], iamRolesToOverride: [], preferredRole: null },
  };
  return event;
};
`,
  );
  writeFileSync(
    join(dir, 'claims-v2.mjs'),
    `export const handler = async (event) => {
  event.response.claimsAndScopeOverrideDetails = {
    idTokenGeneration: { claimsToAddOrOverride: { plan: { tier: 'gold', seats: 5 } } },
    accessTokenGeneration: { claimsToAddOrOverride: { tenant: 'acme' }, scopesToAdd: ['orders.read'], scopesToSuppress: ['aws.cognito.signin.user.admin'] },
  };
  return event;
};
`,
  );
  // Records every event it gets; refuses the sign-in of "blocked" (as PreAuthentication).
  writeFileSync(
    join(dir, 'recorder.mjs'),
    `import { appendFileSync } from 'node:fs';
export const handler = async (event) => {
  appendFileSync(process.env.RECORDED_EVENTS_FILE, JSON.stringify(event) + '\\n');
  if (event.triggerSource === 'PreAuthentication_Authentication' && event.userName === 'blocked') throw new Error('Logins are closed');
  return event;
};
`,
  );
  writeFileSync(
    join(dir, 'branded.mjs'),
    `export const handler = async (event) => {
  const { codeParameter, usernameParameter, userAttributes } = event.request;
  if (event.triggerSource === 'CustomMessage_SignUp') {
    event.response.emailSubject = ('Welcome to Acme [' + event.callerContext.clientId + '] ' + (event.request.clientMetadata?.campaign ?? '')).trim();
    event.response.emailMessage = 'Hi ' + userAttributes.email + ', your Acme code is ' + codeParameter + '.';
  }
  if (event.triggerSource === 'CustomMessage_AdminCreateUser') {
    event.response.emailSubject = 'Your Acme account' + (event.request.clientMetadata?.team ? ' (' + event.request.clientMetadata.team + ')' : '');
    event.response.emailMessage = 'Sign in as ' + usernameParameter + ' with ' + codeParameter + '.';
  }
  return event;
};
`,
  );
  writeFileSync(
    join(dir, 'migrate.mjs'),
    `// The old user store: one user.
export const handler = async (event) => {
  if (event.triggerSource === 'UserMigration_ForgotPassword') {
    if (event.userName !== 'forgetful') throw new Error('Unknown user');
    event.response.userAttributes = { email: 'forgetful@example.com', email_verified: 'true' };
    event.response.messageAction = 'SUPPRESS';
    return event;
  }
  if (event.userName === 'guarded' && event.request.password === 'Legacy-Passw0rd!') {
    event.response.userAttributes = { phone_number: '+15555550199', phone_number_verified: 'true' };
    event.response.enableSMSMFA = true;
    return event;
  }
  if (event.userName !== 'legacy' || event.request.password !== 'Legacy-Passw0rd!') throw new Error('Bad credentials');
  event.response.userAttributes = { email: 'legacy@example.com', email_verified: 'true', name: 'Old Timer' };
  event.response.finalUserStatus = 'CONFIRMED';
  event.response.messageAction = 'SUPPRESS';
  return event;
};
`,
  );
  writeFileSync(join(dir, 'hang.mjs'), `export const handler = async () => { for (;;) {} };\n`);
}

for (const kind of await databases()) {
  describe(`Lambda triggers from the functions folder (${kind})`, () => {
    let dir: string;
    let s: TestServer;
    before(async () => {
      dir = mkdtempSync(join(tmpdir(), 'userpool-functions-'));
      writeFunctions(dir);
      process.env['EVENT_FILE'] = join(dir, 'event.json');
      process.env['TOKEN_EVENTS_FILE'] = join(dir, 'token-events.jsonl');
      process.env['RECORDED_EVENTS_FILE'] = join(dir, 'recorded-events.jsonl');
      s = await startTestServer(kind, { lambdaDir: dir });
    });
    after(async () => {
      await s.close();
      rmSync(dir, { recursive: true, force: true });
    });

    async function poolWith(functionName: string): Promise<{ poolId: string; clientId: string }> {
      const pool = await s.client.send(
        new CreateUserPoolCommand({ PoolName: `trigger-${functionName}`, AutoVerifiedAttributes: ['email'], LambdaConfig: { PreSignUp: arn(functionName) } }),
      );
      const poolId = pool.UserPool!.Id!;
      const client = await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
      return { poolId, clientId: client.UserPoolClient!.ClientId! };
    }

    const signUp = (clientId: string, username: string) =>
      new SignUpCommand({
        ClientId: clientId,
        Username: username,
        Password: 'Passw0rd!x',
        UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }],
        ValidationData: [{ Name: 'invite', Value: 'abc' }],
        ClientMetadata: { source: 'test' },
      });

    it('PreSignUp auto-confirms and auto-verifies: the user signs in at once, no code is sent, the event is AWS-shaped', async () => {
      const { poolId, clientId } = await poolWith('auto-confirm');
      const r = await s.client.send(signUp(clientId, 'carol'));
      assert.equal(r.UserConfirmed, true);
      assert.equal(r.CodeDeliveryDetails, undefined);
      const user = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'carol' }));
      assert.equal(user.UserStatus, 'CONFIRMED');
      assert.equal(user.UserAttributes?.find((a) => a.Name === 'email_verified')?.Value, 'true');
      assert.deepEqual(await outbox(s, poolId, 'carol'), []);
      const auth = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'carol', PASSWORD: 'Passw0rd!x' } }));
      assert.ok(auth.AuthenticationResult?.IdToken);

      const event = JSON.parse(readFileSync(join(dir, 'event.json'), 'utf8')) as Record<string, unknown>;
      assert.deepEqual(event, {
        version: '1',
        triggerSource: 'PreSignUp_SignUp',
        region: 'us-east-1',
        userPoolId: poolId,
        userName: 'carol',
        callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId },
        request: { userAttributes: { email: 'carol@example.com' }, validationData: { invite: 'abc' }, clientMetadata: { source: 'test' } },
        response: {},
      });
    });

    it('a callback-style CommonJS handler in <name>/index.js works, and gets a context', async () => {
      const { clientId } = await poolWith('callback-style');
      assert.equal((await s.client.send(signUp(clientId, 'dave'))).UserConfirmed, true);
    });

    it('a handler that throws → UserLambdaValidationException with AWS message, and no user is stored', async () => {
      const { poolId, clientId } = await poolWith('reject');
      await assert.rejects(s.client.send(signUp(clientId, 'eve')), (err: Error & { $metadata?: { httpStatusCode?: number } }) => {
        assert.equal(err.name, 'UserLambdaValidationException');
        assert.equal(err.message, 'PreSignUp failed with error Invalid email domain.');
        assert.equal(err.$metadata?.httpStatusCode, 400);
        return true;
      });
      assert.deepEqual((await s.client.send(new ListUsersCommand({ UserPoolId: poolId }))).Users, []);
      assert.deepEqual(await outbox(s, poolId), []);
    });

    it('an answer that is not the event → InvalidLambdaResponseException, nothing stored', async () => {
      for (const fn of ['nonsense', 'wrong-type']) {
        const { poolId, clientId } = await poolWith(fn);
        await assert.rejects(s.client.send(signUp(clientId, 'frank')), { name: 'InvalidLambdaResponseException', message: 'Unrecognizable lambda output' });
        assert.deepEqual((await s.client.send(new ListUsersCommand({ UserPoolId: poolId }))).Users, []);
      }
    });

    it('a function the folder lacks → UnexpectedLambdaException naming it and the setting', async () => {
      const { clientId } = await poolWith('not-there');
      await assert.rejects(s.client.send(signUp(clientId, 'gina')), (err: Error) => {
        assert.equal(err.name, 'UnexpectedLambdaException');
        assert.match(err.message, /^PreSignUp invocation failed due to error ResourceNotFoundException: function not-there \(arn:aws:lambda:us-east-1:123456789012:function:not-there\) not found: no not-there\.mjs/);
        assert.match(err.message, /USERPOOL_LAMBDA_DIR/);
        return true;
      });
    });

    async function verified(poolId: string, token: string): Promise<Record<string, unknown>> {
      const verifier = JwtVerifier.create({ issuer: `${s.url}/${poolId}`, jwksUri: `${s.url}/${poolId}/.well-known/jwks.json`, audience: null });
      // aws-jwt-verify fetches JWKS over https only: over plain http the keys are handed to it.
      verifier.cacheJwks((await (await fetch(`${s.url}/${poolId}/.well-known/jwks.json`)).json()) as Parameters<typeof verifier.cacheJwks>[0]);
      return (await verifier.verify(token)) as Record<string, unknown>;
    }

    async function tokenPool(lambdaConfig: Record<string, unknown>): Promise<{ poolId: string; clientId: string }> {
      const pool = await s.client.send(new CreateUserPoolCommand({ PoolName: 'tokens', LambdaConfig: lambdaConfig }));
      const poolId = pool.UserPool!.Id!;
      const client = await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }));
      await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'staff' }));
      await createUser(s, poolId, 'tina', 'Passw0rd!x', { email: 'tina@example.com', name: 'Tina' });
      await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'tina', GroupName: 'staff' }));
      return { poolId, clientId: client.UserPoolClient!.ClientId! };
    }

    const passwordAuth = (clientId: string) => new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'tina', PASSWORD: 'Passw0rd!x' } });

    it('PreTokenGeneration (legacy ARN, V1): claims added, overridden and suppressed in the ID token, groups replaced; reserved claims kept; refresh runs it again', async () => {
      rmSync(join(dir, 'token-events.jsonl'), { force: true });
      const { poolId, clientId } = await tokenPool({ PreTokenGeneration: arn('claims-v1') });
      const auth = (await s.client.send(passwordAuth(clientId))).AuthenticationResult!;
      const id = await verified(poolId, auth.IdToken!);
      assert.equal(id['tenant'], 'acme');
      assert.equal(id['email'], 'override@example.com');
      assert.equal(id['name'], undefined, 'suppressed');
      assert.notEqual(id['sub'], 'not-allowed', 'sub is Cognito\'s');
      assert.deepEqual(id['cognito:groups'], ['from-lambda']);
      const access = await verified(poolId, auth.AccessToken!);
      assert.deepEqual(access['cognito:groups'], ['from-lambda'], 'the group override reaches the access token');
      assert.equal(access['tenant'], undefined, 'V1 changes the ID token only');

      await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: auth.RefreshToken! } }));
      const events = readFileSync(join(dir, 'token-events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
      assert.deepEqual(events.map((e) => e['triggerSource']), ['TokenGeneration_Authentication', 'TokenGeneration_RefreshTokens']);
      const first = events[0]!;
      assert.equal(first['version'], '1');
      assert.equal(first['request']['userAttributes']['cognito:user_status'], 'CONFIRMED');
      assert.equal(first['request']['userAttributes']['email'], 'tina@example.com');
      assert.match(first['request']['userAttributes']['sub'], /^[0-9a-f-]{36}$/);
      assert.deepEqual(first['request']['groupConfiguration'], { groupsToOverride: ['staff'], iamRolesToOverride: [] });
      assert.equal(first['request']['scopes'], undefined, 'V1 events have no scopes');
    });

    it('PreTokenGeneration V2 (PreTokenGenerationConfig wins over the legacy ARN): JSON claims in the ID token, claims and scopes in the access token', async () => {
      const { poolId, clientId } = await tokenPool({ PreTokenGeneration: arn('claims-v1'), PreTokenGenerationConfig: { LambdaArn: arn('claims-v2'), LambdaVersion: 'V2_0' } });
      const auth = (await s.client.send(passwordAuth(clientId))).AuthenticationResult!;
      const id = await verified(poolId, auth.IdToken!);
      assert.deepEqual(id['plan'], { tier: 'gold', seats: 5 });
      assert.equal(id['tenant'], undefined, 'the V1 function did not run');
      assert.deepEqual(id['cognito:groups'], ['staff']);
      const access = await verified(poolId, auth.AccessToken!);
      assert.equal(access['tenant'], 'acme');
      assert.equal(access['scope'], 'orders.read');
    });

    it('PreTokenGeneration after NEW_PASSWORD_REQUIRED says TokenGeneration_NewPasswordChallenge and gets RespondToAuthChallenge\'s ClientMetadata', async () => {
      rmSync(join(dir, 'token-events.jsonl'), { force: true });
      const { poolId, clientId } = await tokenPool({ PreTokenGeneration: arn('claims-v1') });
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'newbie', TemporaryPassword: 'Temp-Passw0rd!', MessageAction: 'SUPPRESS' }));
      const challenge = await s.client.send(
        new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'newbie', PASSWORD: 'Temp-Passw0rd!' }, ClientMetadata: { step: 'initiate' } }),
      );
      assert.equal(challenge.ChallengeName, 'NEW_PASSWORD_REQUIRED');
      const done = await s.client.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId,
          ChallengeName: 'NEW_PASSWORD_REQUIRED',
          Session: challenge.Session!,
          ChallengeResponses: { USERNAME: 'newbie', NEW_PASSWORD: 'Perm-Passw0rd!' },
          ClientMetadata: { step: 'respond' },
        }),
      );
      assert.equal((await verified(poolId, done.AuthenticationResult!.IdToken!))['tenant'], 'acme');
      const [event] = readFileSync(join(dir, 'token-events.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
      assert.equal(event!['triggerSource'], 'TokenGeneration_NewPasswordChallenge');
      assert.deepEqual(event!['request']['clientMetadata'], { step: 'respond' });
    });

    it('hosted sign-in pages: PreAuthentication, PostAuthentication, then one PreTokenGeneration with TokenGeneration_HostedAuth', async () => {
      const recorded = join(dir, 'recorded-events.jsonl');
      rmSync(recorded, { force: true });
      const pool = await s.client.send(
        new CreateUserPoolCommand({
          PoolName: 'hosted-triggers',
          LambdaConfig: { PreAuthentication: arn('recorder'), PostAuthentication: arn('recorder'), PreTokenGeneration: arn('recorder') },
        }),
      );
      const poolId = pool.UserPool!.Id!;
      const callback = 'http://localhost:3000/callback';
      const clientId = (
        await s.client.send(
          new CreateUserPoolClientCommand({
            UserPoolId: poolId,
            ClientName: 'web',
            AllowedOAuthFlowsUserPoolClient: true,
            AllowedOAuthFlows: ['code'],
            AllowedOAuthScopes: ['openid', 'email'],
            CallbackURLs: [callback],
            SupportedIdentityProviders: ['COGNITO'],
          }),
        )
      ).UserPoolClient!.ClientId!;
      await createUser(s, poolId, 'hana', 'Passw0rd!x', { email: 'hana@example.com' });
      const authorize = new URL(`${s.url}/${poolId}/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: callback, scope: 'openid email' })}`);
      const back = await new CookieBrowser().signIn(authorize, 'hana', 'Passw0rd!x');
      const code = back.searchParams.get('code') ?? assert.fail(`no code in ${back.href}`);
      const res = await fetch(`${s.url}/${poolId}/oauth2/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', client_id: clientId, code, redirect_uri: callback }).toString(),
      });
      assert.equal(res.status, 200, await res.clone().text());
      const events = readFileSync(recorded, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
      assert.deepEqual(
        events.map((e) => e['triggerSource']),
        ['PreAuthentication_Authentication', 'PostAuthentication_Authentication', 'TokenGeneration_HostedAuth'],
      );
    });

    it('PreTokenGeneration V3 changes client_credentials access tokens (TokenGeneration_ClientCredentials); a V2 function is not run for them', async () => {
      async function machineToken(version: 'V2_0' | 'V3_0'): Promise<Record<string, unknown>> {
        const pool = await s.client.send(new CreateUserPoolCommand({ PoolName: `m2m-${version}`, LambdaConfig: { PreTokenGenerationConfig: { LambdaArn: arn('claims-v2'), LambdaVersion: version } } }));
        const poolId = pool.UserPool!.Id!;
        await s.client.send(new CreateResourceServerCommand({ UserPoolId: poolId, Identifier: 'orders', Name: 'Orders', Scopes: [{ ScopeName: 'write', ScopeDescription: 'Write orders' }] }));
        const client = (
          await s.client.send(
            new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'm2m', GenerateSecret: true, AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['client_credentials'], AllowedOAuthScopes: ['orders/write'] }),
          )
        ).UserPoolClient!;
        const res = await fetch(`${s.url}/${poolId}/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${client.ClientId}:${client.ClientSecret}`).toString('base64')}` },
          body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
        });
        assert.equal(res.status, 200, await res.clone().text());
        return verified(poolId, ((await res.json()) as { access_token: string }).access_token);
      }
      const v3 = await machineToken('V3_0');
      assert.equal(v3['tenant'], 'acme');
      assert.equal(v3['scope'], 'orders/write orders.read');
      assert.equal(v3['token_use'], 'access');
      const v2 = await machineToken('V2_0');
      assert.equal(v2['tenant'], undefined);
      assert.equal(v2['scope'], 'orders/write');
    });

    it('PreAuthentication for an unknown user runs with userNotFound: true when the client hides user existence, and not for LEGACY clients', async () => {
      const recorded = join(dir, 'recorded-events.jsonl');
      rmSync(recorded, { force: true });
      const poolId = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'pre-auth-unknown', LambdaConfig: { PreAuthentication: arn('recorder') } }))).UserPool!.Id!;
      const client = async (prevent: 'LEGACY' | 'ENABLED') =>
        (await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: prevent, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_USER_SRP_AUTH'], PreventUserExistenceErrors: prevent }))).UserPoolClient!
          .ClientId!;
      const signIn = (clientId: string) =>
        s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'nobody', PASSWORD: 'Passw0rd!x' }, ClientMetadata: { from: 'app' } }));
      await assert.rejects(signIn(await client('LEGACY')), { name: 'UserNotFoundException' });
      await assert.rejects(signIn(await client('ENABLED')), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
      const events = readFileSync(recorded, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
      assert.equal(events.length, 1);
      assert.equal(events[0]!['userName'], 'nobody');
      assert.deepEqual(events[0]!['request'], { userAttributes: {}, validationData: { from: 'app' }, userNotFound: true });
    });

    it('PostConfirmation, PreAuthentication and PostAuthentication run with AWS sources; a throwing PreAuthentication refuses the sign-in', async () => {
      const recorded = join(dir, 'recorded-events.jsonl');
      rmSync(recorded, { force: true });
      const pool = await s.client.send(
        new CreateUserPoolCommand({
          PoolName: 'auth-triggers',
          AutoVerifiedAttributes: ['email'],
          LambdaConfig: { PostConfirmation: arn('recorder'), PreAuthentication: arn('recorder'), PostAuthentication: arn('recorder') },
        }),
      );
      const poolId = pool.UserPool!.Id!;
      const clientId = (await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })))
        .UserPoolClient!.ClientId!;
      await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'uma', Password: 'Passw0rd!x', UserAttributes: [{ Name: 'email', Value: 'uma@example.com' }] }));
      await s.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'uma', ConfirmationCode: await latestCode(s, poolId, 'uma'), ClientMetadata: { via: 'link' } }));
      await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'uma', PASSWORD: 'Passw0rd!x' } }));
      await createUser(s, poolId, 'blocked', 'Passw0rd!x');
      await assert.rejects(
        s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'blocked', PASSWORD: 'Passw0rd!x' } })),
        { name: 'UserLambdaValidationException', message: 'PreAuthentication failed with error Logins are closed.' },
      );
      await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'ada', Password: 'Passw0rd!x', UserAttributes: [{ Name: 'email', Value: 'ada@example.com' }] }));
      await s.client.send(new AdminConfirmSignUpCommand({ UserPoolId: poolId, Username: 'ada', ClientMetadata: { by: 'support' } }));
      const events = readFileSync(recorded, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, any>);
      assert.deepEqual(
        events.map((e) => `${e['triggerSource']} ${e['userName']}`),
        ['PostConfirmation_ConfirmSignUp uma', 'PreAuthentication_Authentication uma', 'PostAuthentication_Authentication uma', 'PreAuthentication_Authentication blocked', 'PostConfirmation_ConfirmSignUp ada'],
      );
      assert.deepEqual(events[0]!['request']['clientMetadata'], { via: 'link' });
      // AdminConfirmSignUp: no app client; its ClientMetadata reaches the function (API Reference, AdminConfirmSignUp).
      assert.equal(events[4]!['callerContext']['clientId'], 'CLIENT_ID_NOT_APPLICABLE');
      assert.deepEqual(events[4]!['request']['clientMetadata'], { by: 'support' });
      const confirmation = events[0]!;
      assert.equal(confirmation['request']['userAttributes']['cognito:user_status'], 'CONFIRMED');
      assert.equal(confirmation['request']['userAttributes']['email_verified'], 'true');
      assert.equal(confirmation['callerContext']['clientId'], clientId);
      assert.equal(events[1]!['request']['userNotFound'], false);
      assert.equal(events[2]!['request']['newDeviceUsed'], false);
    });

    it('CustomMessage rewrites the sign-up and invitation e-mails (placeholders filled), and leaves a message it does not touch as the pool has it', async () => {
      const pool = await s.client.send(new CreateUserPoolCommand({ PoolName: 'branded', AutoVerifiedAttributes: ['email'], LambdaConfig: { CustomMessage: arn('branded') } }));
      const poolId = pool.UserPool!.Id!;
      const clientId = (await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app' }))).UserPoolClient!.ClientId!;
      await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'vera', Password: 'Passw0rd!x', UserAttributes: [{ Name: 'email', Value: 'vera@example.com' }], ClientMetadata: { campaign: 'winter' } }));
      const [signUpMessage] = await outbox(s, poolId, 'vera');
      // The function saw the app client (callerContext.clientId) and SignUp's ClientMetadata.
      assert.equal(signUpMessage!.subject, `Welcome to Acme [${clientId}] winter`);
      assert.equal(signUpMessage!.body, `Hi vera@example.com, your Acme code is ${signUpMessage!.code}.`);
      assert.match(signUpMessage!.code ?? '', /^\d{6}$/);

      await s.client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'vera' }));
      const [resent] = await outbox(s, poolId, 'vera');
      assert.equal(resent!.kind, 'RESEND_CODE');
      assert.match(resent!.body, /Your verification code is \d{6}/, 'untouched: the pool\'s own template');

      await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'walt', TemporaryPassword: 'Temp-Passw0rd!', DesiredDeliveryMediums: ['EMAIL'], UserAttributes: [{ Name: 'email', Value: 'walt@example.com' }], ClientMetadata: { team: 'ops' } }));
      const [invitation] = await outbox(s, poolId, 'walt');
      assert.equal(invitation!.subject, 'Your Acme account (ops)');
      assert.equal(invitation!.body, 'Sign in as walt with Temp-Passw0rd!.');
    });

    it('PreSignUp_AdminCreateUser: a refusal stores nothing; autoConfirmUser is ignored for AdminCreateUser, as AWS documents', async () => {
      const accepting = await poolWith('auto-confirm');
      const created = await s.client.send(new AdminCreateUserCommand({ UserPoolId: accepting.poolId, Username: 'xena', TemporaryPassword: 'Temp-Passw0rd!', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'xena@example.com' }], ClientMetadata: { by: 'admin' } }));
      assert.equal(created.User?.UserStatus, 'FORCE_CHANGE_PASSWORD');
      assert.equal(created.User?.Attributes?.find((a) => a.Name === 'email_verified'), undefined);
      const event = JSON.parse(readFileSync(join(dir, 'event.json'), 'utf8')) as Record<string, any>;
      assert.equal(event['triggerSource'], 'PreSignUp_AdminCreateUser');
      assert.equal(event['callerContext']['clientId'], 'CLIENT_ID_NOT_APPLICABLE');
      assert.deepEqual(event['request'], { userAttributes: { email: 'xena@example.com' }, validationData: null, clientMetadata: { by: 'admin' } });

      const refusing = await poolWith('reject');
      await assert.rejects(s.client.send(new AdminCreateUserCommand({ UserPoolId: refusing.poolId, Username: 'yuri', MessageAction: 'SUPPRESS' })), {
        name: 'UserLambdaValidationException',
        message: 'PreSignUp failed with error Invalid email domain.',
      });
      assert.deepEqual((await s.client.send(new ListUsersCommand({ UserPoolId: refusing.poolId }))).Users, []);
    });

    it('UserMigration_Authentication: an unknown user whom the function knows is created with the password and signed in; one it refuses gets the unknown-user answer', async () => {
      const pool = await s.client.send(new CreateUserPoolCommand({ PoolName: 'migrating', LambdaConfig: { UserMigration: arn('migrate') } }));
      const poolId = pool.UserPool!.Id!;
      const client = async (prevent: 'LEGACY' | 'ENABLED') =>
        (await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: prevent, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], PreventUserExistenceErrors: prevent })))
          .UserPoolClient!.ClientId!;
      const legacyClient = await client('LEGACY');
      const signIn = (clientId: string, username: string, password: string) =>
        s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));

      const first = await signIn(legacyClient, 'legacy', 'Legacy-Passw0rd!');
      const id = await verified(poolId, first.AuthenticationResult!.IdToken!);
      assert.equal(id['name'], 'Old Timer');
      assert.equal(id['email'], 'legacy@example.com');
      const user = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'legacy' }));
      assert.equal(user.UserStatus, 'CONFIRMED');
      // Migrated once: the password now lives here (a wrong one is refused without asking the function).
      assert.ok((await signIn(legacyClient, 'legacy', 'Legacy-Passw0rd!')).AuthenticationResult);
      await assert.rejects(signIn(legacyClient, 'legacy', 'Wrong-Passw0rd!'), { name: 'NotAuthorizedException' });

      await assert.rejects(signIn(legacyClient, 'ghost', 'Whatever-Passw0rd!'), { name: 'UserNotFoundException' });
      await assert.rejects(signIn(await client('ENABLED'), 'ghost', 'Whatever-Passw0rd!'), { name: 'NotAuthorizedException', message: 'Incorrect username or password.' });
      assert.deepEqual((await s.client.send(new ListUsersCommand({ UserPoolId: poolId }))).Users?.map((u) => u.Username), ['legacy']);
    });

    it('UserMigration enableSMSMFA: the migrated user meets SMS MFA at once; a pool without SMS MFA refuses the answer and stores nothing', async () => {
      const sns = { SnsCallerArn: 'arn:aws:iam::123456789012:role/sns', ExternalId: 'x' };
      const signIn = async (poolInput: Record<string, unknown>) => {
        const poolId = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'migrating-mfa', LambdaConfig: { UserMigration: arn('migrate') }, ...poolInput }))).UserPool!.Id!;
        const clientId = (await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })))
          .UserPoolClient!.ClientId!;
        return { poolId, result: s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'guarded', PASSWORD: 'Legacy-Passw0rd!' } })) };
      };
      const withMfa = await signIn({ MfaConfiguration: 'OPTIONAL', SmsConfiguration: sns });
      assert.equal((await withMfa.result).ChallengeName, 'SMS_MFA');
      const withoutMfa = await signIn({});
      await assert.rejects(withoutMfa.result, { name: 'InvalidLambdaResponseException' });
      assert.deepEqual((await s.client.send(new ListUsersCommand({ UserPoolId: withoutMfa.poolId }))).Users, []);
    });

    it('UserMigration_ForgotPassword: ForgotPassword for an unknown user the function knows creates the user and sends the reset code', async () => {
      const pool = await s.client.send(new CreateUserPoolCommand({ PoolName: 'migrating-reset', LambdaConfig: { UserMigration: arn('migrate') } }));
      const poolId = pool.UserPool!.Id!;
      const clientId = (await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })))
        .UserPoolClient!.ClientId!;
      const sent = await s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'forgetful', ClientMetadata: { app: 'web' } }));
      assert.equal(sent.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
      assert.equal((await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'forgetful' }))).UserStatus, 'RESET_REQUIRED');
      const code = await latestCode(s, poolId, 'forgetful');
      await s.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'forgetful', ConfirmationCode: code, Password: 'Fresh-Passw0rd!' }));
      const signedIn = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'forgetful', PASSWORD: 'Fresh-Passw0rd!' } }));
      assert.equal((await verified(poolId, signedIn.AuthenticationResult!.IdToken!))['email'], 'forgetful@example.com');
      // One the function refuses: the unknown-user answer, nothing stored.
      await assert.rejects(s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'stranger' })), { name: 'UserNotFoundException' });
      assert.deepEqual((await s.client.send(new ListUsersCommand({ UserPoolId: poolId }))).Users?.map((u) => u.Username), ['forgetful']);
    });

    if (kind === 'sqlite') {
      it('a handler that never answers is cut off after three 5-second attempts; the server keeps answering meanwhile', async () => {
        const { poolId, clientId } = await poolWith('hang');
        const started = Date.now();
        const pending = s.client.send(signUp(clientId, 'hal')).then(
          () => assert.fail('the sign-up should fail'),
          (err: Error) => err,
        );
        await new Promise((r) => setTimeout(r, 1000));
        const t = Date.now();
        await s.client.send(new ListUserPoolsCommand({ MaxResults: 1 }));
        assert.ok(Date.now() - t < 4000, 'the event loop is not blocked by the spinning handler (it spins for 15 s)');
        const err = await pending;
        const took = Date.now() - started;
        assert.equal(err.name, 'UnexpectedLambdaException');
        assert.match(err.message, /Task timed out after 5\.00 seconds \(3 attempts\)/);
        assert.ok(took >= 15_000 && took < 20_000, `answered after ${took} ms`);
        assert.deepEqual((await s.client.send(new ListUsersCommand({ UserPoolId: poolId }))).Users, []);
      });
    }
  });
}
