/**
 * Amplify v6 (aws-amplify's `aws-amplify/auth`) in Node, configured with `userPoolEndpoint` as the
 * README's "Amplify v6" block shows: sign-up, the code from the outbox, confirmation, SRP sign-in
 * (Amplify's default flow), the session's tokens checked with aws-jwt-verify, a refresh, sign-out.
 * Amplify keeps one configuration per process: one pool, one walk through.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CreateUserPoolClientCommand, CreateUserPoolCommand } from '@aws-sdk/client-cognito-identity-provider';
import { Amplify } from 'aws-amplify';
import { confirmSignUp, fetchAuthSession, getCurrentUser, signIn, signOut, signUp } from 'aws-amplify/auth';
import { JwtVerifier } from 'aws-jwt-verify';
import { startTestServer, type TestServer } from './helpers/server.ts';

const EMAIL = 'amy@example.com';
const PASSWORD = 'Passw0rd!';

describe('Amplify v6 with userPoolEndpoint (SRP sign-in)', () => {
  let s: TestServer;
  let poolId: string;
  let clientId: string;

  before(async () => {
    s = await startTestServer('sqlite');
    const pool = await s.client.send(new CreateUserPoolCommand({ PoolName: 'amplify', UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] }));
    poolId = pool.UserPool!.Id!;
    const client = await s.client.send(
      new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'web', ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }),
    );
    clientId = client.UserPoolClient!.ClientId!;
    Amplify.configure({
      Auth: { Cognito: { userPoolId: poolId, userPoolClientId: clientId, userPoolEndpoint: s.url, loginWith: { email: true }, signUpVerificationMethod: 'code' } },
    });
  });
  after(async () => {
    await s.close();
  });

  it('signs up, confirms with the outbox code, signs in with SRP and gets verifiable tokens', async () => {
    const up = await signUp({ username: EMAIL, password: PASSWORD, options: { userAttributes: { email: EMAIL } } });
    assert.equal(up.nextStep.signUpStep, 'CONFIRM_SIGN_UP');
    const messages = (await (await fetch(`${s.url}/_userpool/messages?userPoolId=${poolId}&username=${encodeURIComponent(EMAIL)}`)).json()) as Array<{ code: string }>;
    const code = messages[0]?.code;
    assert.match(code ?? '', /^\d{6}$/);
    assert.equal((await confirmSignUp({ username: EMAIL, confirmationCode: code! })).isSignUpComplete, true);

    const wrong = await signIn({ username: EMAIL, password: 'not-the-password' }).then(
      () => undefined,
      (err: Error) => err,
    );
    assert.equal(wrong?.name, 'NotAuthorizedException');

    const signedIn = await signIn({ username: EMAIL, password: PASSWORD });
    assert.deepEqual(signedIn, { isSignedIn: true, nextStep: { signInStep: 'DONE' } });
    assert.equal((await getCurrentUser()).signInDetails?.loginId, EMAIL);

    const { tokens } = await fetchAuthSession();
    assert.ok(tokens?.idToken && tokens.accessToken);
    const verifier = JwtVerifier.create({ issuer: `${s.url}/${poolId}`, jwksUri: `${s.url}/${poolId}/.well-known/jwks.json`, audience: null });
    // aws-jwt-verify fetches JWKS over https only: over plain http the keys are handed to it.
    verifier.cacheJwks((await (await fetch(`${s.url}/${poolId}/.well-known/jwks.json`)).json()) as Parameters<typeof verifier.cacheJwks>[0]);
    const id = await verifier.verify(tokens.idToken.toString(), { audience: clientId });
    assert.equal(id['email'], EMAIL);
    assert.equal(id['token_use'], 'id');
    const access = await verifier.verify(tokens.accessToken.toString());
    assert.equal(access['client_id'], clientId);

    const refreshed = await fetchAuthSession({ forceRefresh: true });
    assert.notEqual(refreshed.tokens?.accessToken.toString(), tokens.accessToken.toString());
    await verifier.verify(refreshed.tokens!.accessToken.toString());

    await signOut();
    assert.equal((await fetchAuthSession()).tokens, undefined);
  });
});
