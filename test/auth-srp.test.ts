import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { AdminCreateUserCommand, InitiateAuthCommand, RespondToAuthChallengeCommand } from '@aws-sdk/client-cognito-identity-provider';
import { AuthenticationDetails, CognitoUser, CognitoUserPool, type CognitoUserSession } from 'amazon-cognito-identity-js';
import { JwtRsaVerifier } from 'aws-jwt-verify';
import { databases, rawCall, withServer } from './helpers/server.ts';
import { awsError, rejectsWith } from './helpers/errors.ts';
import { createClient, createPool, createUser } from './helpers/auth.ts';
import { httpJwksCache } from './helpers/jwt.ts';
import { httpAuthCaller, srpClientRespond, srpClientStart, srpLogin } from './helpers/srp-client.ts';

const PW = 'Passw0rd!';

function signIn(user: CognitoUser, password: string, onNewPassword?: (attrs: Record<string, string>, required: string[]) => void): Promise<CognitoUserSession> {
  return new Promise((resolve, reject) => {
    user.authenticateUser(new AuthenticationDetails({ Username: user.getUsername(), Password: password }), {
      onSuccess: resolve,
      onFailure: reject,
      newPasswordRequired: (attrs: Record<string, string>, required: string[]) => {
        if (!onNewPassword) return reject(new Error('unexpected NEW_PASSWORD_REQUIRED'));
        onNewPassword(attrs, required);
      },
    });
  });
}

for (const kind of await databases()) {
  describe(`USER_SRP_AUTH (${kind})`, () => {
    const s = withServer(kind);
    let poolId: string;
    let clientId: string;
    let userPool: CognitoUserPool;
    before(async () => {
      poolId = await createPool(s);
      clientId = (await createClient(s, poolId)).clientId;
      await createUser(s, poolId, 'sam', PW, { email: 'sam@example.com', email_verified: 'true' });
      userPool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: `${s.url}/` });
    });

    it('amazon-cognito-identity-js signs in with SRP; its tokens verify with aws-jwt-verify; refreshSession works', async () => {
      const user = new CognitoUser({ Username: 'sam', Pool: userPool });
      const session = await signIn(user, PW);
      assert.ok(session.isValid());
      const idToken = session.getIdToken();
      assert.equal(idToken.payload['cognito:username'], 'sam');
      assert.equal(idToken.payload['email'], 'sam@example.com');
      const issuer = `${s.url}/${poolId}`;
      const jwksUri = `${issuer}/.well-known/jwks.json`;
      const idVerifier = JwtRsaVerifier.create({ issuer, audience: clientId, jwksUri }, { jwksCache: httpJwksCache() });
      const accessVerifier = JwtRsaVerifier.create(
        { issuer, audience: null, jwksUri, customJwtCheck: ({ payload }) => assert.equal(payload['client_id'], clientId) },
        { jwksCache: httpJwksCache() },
      );
      await idVerifier.verify(idToken.getJwtToken());
      const access = await accessVerifier.verify(session.getAccessToken().getJwtToken());
      assert.equal(access['token_use'], 'access');

      const refreshed = await new Promise<CognitoUserSession>((resolve, reject) =>
        user.refreshSession(session.getRefreshToken(), (err: Error | null, s2: CognitoUserSession) => (err ? reject(err) : resolve(s2))),
      );
      assert.notEqual(refreshed.getAccessToken().getJwtToken(), session.getAccessToken().getJwtToken());
      assert.equal(refreshed.getIdToken().payload['origin_jti'], idToken.payload['origin_jti']);
      await accessVerifier.verify(refreshed.getAccessToken().getJwtToken());
    });

    it('amazon-cognito-identity-js: a wrong password fails with NotAuthorizedException', async () => {
      const user = new CognitoUser({ Username: 'sam', Pool: userPool });
      await rejectsWith(signIn(user, 'Wrong1234!'), 'NotAuthorizedException', 'Incorrect username or password.');
    });

    it('amazon-cognito-identity-js: NEW_PASSWORD_REQUIRED via completeNewPasswordChallenge', async () => {
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'nick', TemporaryPassword: 'Temp1234!', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'nick@example.com' }] }));
      const user = new CognitoUser({ Username: 'nick', Pool: userPool });
      const session = await new Promise<CognitoUserSession>((resolve, reject) => {
        user.authenticateUser(new AuthenticationDetails({ Username: 'nick', Password: 'Temp1234!' }), {
          onSuccess: resolve,
          onFailure: reject,
          newPasswordRequired: (attrs: Record<string, string>, required: string[]) => {
            assert.equal(attrs['email'], 'nick@example.com');
            assert.deepEqual(required, []);
            user.completeNewPasswordChallenge('NewPass123!', {}, { onSuccess: resolve, onFailure: reject });
          },
        });
      });
      assert.equal(session.getIdToken().payload['cognito:username'], 'nick');
      assert.ok((await signIn(new CognitoUser({ Username: 'nick', Pool: userPool }), 'NewPass123!')).isValid());
    });

    it('the PASSWORD_VERIFIER answer works without Session, once, and only with the right proof', async () => {
      const start = srpClientStart();
      const init = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'sam', SRP_A: start.SRP_A } }));
      assert.equal(init.ChallengeName, 'PASSWORD_VERIFIER');
      const p = init.ChallengeParameters!;
      assert.deepEqual(Object.keys(p).sort(), ['SALT', 'SECRET_BLOCK', 'SRP_B', 'USERNAME', 'USER_ID_FOR_SRP']);
      assert.equal(p['USER_ID_FOR_SRP'], 'sam');
      assert.match(p['SALT']!, /^[0-9a-f]+$/);
      assert.match(p['SECRET_BLOCK']!, /^[A-Za-z0-9+/]+=*$/);
      const responses = srpClientRespond(poolId, PW, start, p);
      const ok = await s.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: responses }));
      assert.ok(ok.AuthenticationResult?.AccessToken);
      await rejectsWith(
        s.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: responses })),
        'NotAuthorizedException', 'Invalid session for the user.',
      );

      const start2 = srpClientStart();
      const init2 = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'sam', SRP_A: start2.SRP_A } }));
      const bad = srpClientRespond(poolId, 'Wrong1234!', start2, init2.ChallengeParameters!);
      await rejectsWith(
        s.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', Session: init2.Session, ChallengeResponses: bad })),
        'NotAuthorizedException', 'Incorrect username or password.',
      );
      const tampered = { ...srpClientRespond(poolId, PW, start2, init2.ChallengeParameters!), PASSWORD_CLAIM_SECRET_BLOCK: 'AAAA' + init2.ChallengeParameters!['SECRET_BLOCK']!.slice(4) };
      await rejectsWith(
        s.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: tampered })),
        'NotAuthorizedException', 'Invalid session for the user.',
      );
    });

    it('a secret block answered concurrently signs in exactly once', async () => {
      const start = srpClientStart();
      const init = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'sam', SRP_A: start.SRP_A } }));
      const responses = srpClientRespond(poolId, PW, start, init.ChallengeParameters!);
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () => s.client.send(new RespondToAuthChallengeCommand({ ClientId: clientId, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: responses }))),
      );
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') awsError('NotAuthorizedException', 'Invalid session for the user.')(r.reason);
      const viaHttp = await srpLogin(httpAuthCaller(s.url), poolId, clientId, 'sam', PW);
      assert.ok((viaHttp['AuthenticationResult'] as Record<string, unknown>)['AccessToken']);
    });

    it('SRP with an email alias uses the real username as USER_ID_FOR_SRP', async () => {
      const pid = await createPool(s, { UsernameAttributes: ['email'] });
      const cid = (await createClient(s, pid)).clientId;
      await createUser(s, pid, 'erin@example.com', PW);
      const start = srpClientStart();
      const init = await s.client.send(new InitiateAuthCommand({ ClientId: cid, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'erin@example.com', SRP_A: start.SRP_A } }));
      const userId = init.ChallengeParameters!['USER_ID_FOR_SRP']!;
      assert.match(userId, /^[0-9a-f-]{36}$/);
      const r = await s.client.send(new RespondToAuthChallengeCommand({ ClientId: cid, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srpClientRespond(pid, PW, start, init.ChallengeParameters!) }));
      assert.ok(r.AuthenticationResult?.IdToken);
      const lib = new CognitoUser({ Username: 'erin@example.com', Pool: new CognitoUserPool({ UserPoolId: pid, ClientId: cid, endpoint: `${s.url}/` }) });
      assert.ok((await signIn(lib, PW)).isValid());
    });

    it('PreventUserExistenceErrors: unknown users get a believable challenge, then the wrong-password answer', async () => {
      const cid = (await createClient(s, poolId, { PreventUserExistenceErrors: 'ENABLED' })).clientId;
      const start = srpClientStart();
      const a = await s.client.send(new InitiateAuthCommand({ ClientId: cid, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'ghost', SRP_A: start.SRP_A } }));
      const b = await s.client.send(new InitiateAuthCommand({ ClientId: cid, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'ghost', SRP_A: srpClientStart().SRP_A } }));
      assert.equal(a.ChallengeName, 'PASSWORD_VERIFIER');
      assert.equal(a.ChallengeParameters!['SALT'], b.ChallengeParameters!['SALT']);
      await rejectsWith(
        s.client.send(new RespondToAuthChallengeCommand({ ClientId: cid, ChallengeName: 'PASSWORD_VERIFIER', ChallengeResponses: srpClientRespond(poolId, PW, start, a.ChallengeParameters!) })),
        'NotAuthorizedException', 'Incorrect username or password.',
      );
      await rejectsWith(
        s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'ghost', SRP_A: start.SRP_A } })),
        'UserNotFoundException', 'User does not exist.',
      );
    });

    it('rejects SRP_A ≡ 0 (mod N) and a missing SRP_A', async () => {
      const N = 'FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA051015728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4C7ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B200CBBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFFFF';
      for (const A of ['0', N]) {
        const r = await rawCall(s.url, 'InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'sam', SRP_A: A } });
        assert.equal(r.json['__type'], 'NotAuthorizedException');
      }
      await rejectsWith(
        s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_SRP_AUTH', AuthParameters: { USERNAME: 'sam' } })),
        'InvalidParameterException', 'Missing required parameter SRP_A',
      );
    });
  });
}
