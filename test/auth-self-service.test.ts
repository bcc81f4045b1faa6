import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminGetUserCommand,
  AdminUserGlobalSignOutCommand,
  ChangePasswordCommand,
  ConfirmForgotPasswordCommand,
  ConfirmSignUpCommand,
  DeleteUserAttributesCommand,
  DeleteUserCommand,
  ForgotPasswordCommand,
  GetTokensFromRefreshTokenCommand,
  GetUserAttributeVerificationCodeCommand,
  GetUserCommand,
  GlobalSignOutCommand,
  InitiateAuthCommand,
  ResendConfirmationCodeCommand,
  RevokeTokenCommand,
  SignUpCommand,
  UpdateUserAttributesCommand,
  UpdateUserPoolClientCommand,
  VerifyUserAttributeCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoUser, CognitoUserAttribute, CognitoUserPool, type ISignUpResult } from 'amazon-cognito-identity-js';
import { decodeJwt } from 'jose';
import { databases, withServer } from './helpers/server.ts';
import { rejectsWith } from './helpers/errors.ts';
import { createClient, createPool, createUser, latestCode, outbox } from './helpers/auth.ts';

const PW = 'Passw0rd!';

for (const kind of await databases()) {
  describe(`self-service and sign-out (${kind})`, () => {
    const s = withServer(kind);
    let poolId: string;
    let clientId: string;
    before(async () => {
      poolId = await createPool(s, { AutoVerifiedAttributes: ['email'] });
      clientId = (await createClient(s, poolId)).clientId;
    });

    const signIn = async (username: string, password = PW, cid = clientId) => {
      const r = await s.client.send(new InitiateAuthCommand({ ClientId: cid, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: username, PASSWORD: password } }));
      return r.AuthenticationResult!;
    };

    it('sign-up → code from the outbox → confirm → sign in', async () => {
      const up = await s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'sue', Password: PW, UserAttributes: [{ Name: 'email', Value: 'sue@example.com' }] }));
      assert.equal(up.UserConfirmed, false);
      assert.match(up.UserSub!, /^[0-9a-f-]{36}$/);
      assert.deepEqual(up.CodeDeliveryDetails, { Destination: 's***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
      const [msg] = await outbox(s, poolId, 'sue');
      assert.equal(msg?.kind, 'SIGN_UP');
      assert.match(msg!.code!, /^\d{6}$/);
      assert.ok(msg!.body.includes(msg!.code!));
      const wrong = msg!.code === '000000' ? '111111' : '000000';
      await rejectsWith(s.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'sue', ConfirmationCode: wrong })), 'CodeMismatchException', 'Invalid verification code provided, please try again.');
      await s.client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'sue' }));
      const code = await latestCode(s, poolId, 'sue');
      await s.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'sue', ConfirmationCode: code }));
      await rejectsWith(s.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'sue', ConfirmationCode: code })), 'NotAuthorizedException', 'User cannot be confirmed. Current status is CONFIRMED');
      const user = await s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'sue' }));
      assert.equal(user.UserStatus, 'CONFIRMED');
      assert.equal(user.UserAttributes?.find((a) => a.Name === 'email_verified')?.Value, 'true');
      assert.ok((await signIn('sue')).AccessToken);
      await rejectsWith(s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'sue', Password: PW })), 'UsernameExistsException', 'User already exists');
      await rejectsWith(s.client.send(new SignUpCommand({ ClientId: clientId, Username: 'weak', Password: 'short' })), 'InvalidPasswordException');
      await rejectsWith(s.client.send(new ResendConfirmationCodeCommand({ ClientId: clientId, Username: 'sue' })), 'InvalidParameterException', 'User is already confirmed.');
    });

    it('ConfirmSignUp returns a Session that signs in once with USER_AUTH (auto sign-in)', async () => {
      const cid = (await createClient(s, poolId, { ExplicitAuthFlows: ['ALLOW_USER_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] })).clientId;
      await s.client.send(new SignUpCommand({ ClientId: cid, Username: 'auto', Password: PW, UserAttributes: [{ Name: 'email', Value: 'auto@example.com' }] }));
      const confirmed = await s.client.send(new ConfirmSignUpCommand({ ClientId: cid, Username: 'auto', ConfirmationCode: await latestCode(s, poolId, 'auto') }));
      assert.ok(confirmed.Session);
      const r = await s.client.send(new InitiateAuthCommand({ ClientId: cid, AuthFlow: 'USER_AUTH', Session: confirmed.Session, AuthParameters: { USERNAME: 'auto' } }));
      assert.equal(decodeJwt(r.AuthenticationResult!.IdToken!)['cognito:username'], 'auto');
      await rejectsWith(
        s.client.send(new InitiateAuthCommand({ ClientId: cid, AuthFlow: 'USER_AUTH', Session: confirmed.Session, AuthParameters: { USERNAME: 'auto' } })),
        'NotAuthorizedException', 'Invalid session for the user.',
      );
    });

    it('amazon-cognito-identity-js: signUp, confirmRegistration, forgotPassword, confirmPassword', async () => {
      const pool = new CognitoUserPool({ UserPoolId: poolId, ClientId: clientId, endpoint: `${s.url}/` });
      const result = await new Promise<ISignUpResult>((resolve, reject) =>
        pool.signUp('libby', PW, [new CognitoUserAttribute({ Name: 'email', Value: 'libby@example.com' })], [], (err, r) => (err ? reject(err) : resolve(r!))),
      );
      assert.equal(result.userConfirmed, false);
      const user = new CognitoUser({ Username: 'libby', Pool: pool });
      const code = await latestCode(s, poolId, 'libby');
      await new Promise<void>((resolve, reject) => user.confirmRegistration(code, true, (err) => (err ? reject(err) : resolve())));
      await new Promise<void>((resolve, reject) => user.forgotPassword({ onSuccess: () => resolve(), onFailure: reject, inputVerificationCode: () => resolve() }));
      const reset = await latestCode(s, poolId, 'libby');
      await new Promise<void>((resolve, reject) => user.confirmPassword(reset, 'Changed123!', { onSuccess: () => resolve(), onFailure: reject }));
      assert.ok((await signIn('libby', 'Changed123!')).AccessToken);
    });

    it('forgot password: code to the verified email, wrong code, new password works and the old one does not', async () => {
      await createUser(s, poolId, 'fred', PW, { email: 'fred@example.com', email_verified: 'true' });
      const r = await s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'fred' }));
      assert.deepEqual(r.CodeDeliveryDetails, { Destination: 'f***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' });
      const code = await latestCode(s, poolId, 'fred');
      const wrong = code === '000000' ? '111111' : '000000';
      await rejectsWith(s.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'fred', ConfirmationCode: wrong, Password: 'Newpass123!' })), 'CodeMismatchException');
      await rejectsWith(s.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'fred', ConfirmationCode: code, Password: 'weak' })), 'InvalidPasswordException');
      await s.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'fred', ConfirmationCode: code, Password: 'Newpass123!' }));
      await rejectsWith(s.client.send(new ConfirmForgotPasswordCommand({ ClientId: clientId, Username: 'fred', ConfirmationCode: code, Password: 'Other123!x' })), 'ExpiredCodeException');
      await rejectsWith(signIn('fred'), 'NotAuthorizedException', 'Incorrect username or password.');
      assert.ok((await signIn('fred', 'Newpass123!')).AccessToken);
      await createUser(s, poolId, 'noemail', PW);
      await rejectsWith(s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'noemail' })), 'InvalidParameterException', 'Cannot reset password for the user as there is no registered/verified email or phone_number');
      await rejectsWith(s.client.send(new ForgotPasswordCommand({ ClientId: clientId, Username: 'nobody' })), 'UserNotFoundException');
    });

    it('GetUser, UpdateUserAttributes with email verification, DeleteUserAttributes, ChangePassword', async () => {
      await createUser(s, poolId, 'gail', PW, { email: 'gail@example.com', email_verified: 'true', name: 'Gail' });
      const { AccessToken } = await signIn('gail');
      const me = await s.client.send(new GetUserCommand({ AccessToken }));
      assert.equal(me.Username, 'gail');
      assert.deepEqual(Object.fromEntries(me.UserAttributes!.map((a) => [a.Name, a.Value])), { sub: me.UserAttributes![0]!.Value, email: 'gail@example.com', email_verified: 'true', name: 'Gail' });

      const upd = await s.client.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email', Value: 'gail2@example.com' }, { Name: 'nickname', Value: 'gg' }] }));
      assert.deepEqual(upd.CodeDeliveryDetailsList, [{ Destination: 'g***@e***', DeliveryMedium: 'EMAIL', AttributeName: 'email' }]);
      const after1 = Object.fromEntries((await s.client.send(new GetUserCommand({ AccessToken }))).UserAttributes!.map((a) => [a.Name, a.Value]));
      assert.equal(after1['email'], 'gail2@example.com');
      assert.equal(after1['email_verified'], 'false');
      assert.equal(after1['nickname'], 'gg');
      const [msg] = await outbox(s, poolId, 'gail');
      assert.equal(msg?.destination, 'gail2@example.com');
      await rejectsWith(s.client.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: msg!.code === '000000' ? '111111' : '000000' })), 'CodeMismatchException');
      await s.client.send(new GetUserAttributeVerificationCodeCommand({ AccessToken, AttributeName: 'email' }));
      await s.client.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: await latestCode(s, poolId, 'gail') }));
      const after2 = Object.fromEntries((await s.client.send(new GetUserCommand({ AccessToken }))).UserAttributes!.map((a) => [a.Name, a.Value]));
      assert.equal(after2['email_verified'], 'true');

      await rejectsWith(s.client.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'custom:nope', Value: 'x' }] })), 'InvalidParameterException');
      await rejectsWith(s.client.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email_verified', Value: 'true' }] })), 'NotAuthorizedException');
      await s.client.send(new DeleteUserAttributesCommand({ AccessToken, UserAttributeNames: ['nickname'] }));
      assert.equal((await s.client.send(new GetUserCommand({ AccessToken }))).UserAttributes!.some((a) => a.Name === 'nickname'), false);

      await rejectsWith(s.client.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: 'Wrong123!', ProposedPassword: 'Brandnew123!' })), 'NotAuthorizedException', 'Incorrect username or password.');
      await rejectsWith(s.client.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: PW, ProposedPassword: 'weak' })), 'InvalidPasswordException');
      await s.client.send(new ChangePasswordCommand({ AccessToken, PreviousPassword: PW, ProposedPassword: 'Brandnew123!' }));
      assert.ok((await signIn('gail', 'Brandnew123!')).AccessToken);
    });

    it('AttributesRequireVerificationBeforeUpdate keeps the verified email until the new one is verified', async () => {
      const pid = await createPool(s, { AutoVerifiedAttributes: ['email'], AliasAttributes: ['email'], UserAttributeUpdateSettings: { AttributesRequireVerificationBeforeUpdate: ['email'] } });
      const cid = (await createClient(s, pid)).clientId;
      await createUser(s, pid, 'kate', PW, { email: 'kate@example.com', email_verified: 'true' });
      const { AccessToken } = await signIn('kate', PW, cid);
      const upd = await s.client.send(new UpdateUserAttributesCommand({ AccessToken, UserAttributes: [{ Name: 'email', Value: 'kate@new.example.com' }] }));
      assert.equal(upd.CodeDeliveryDetailsList?.[0]?.Destination, 'k***@n***');
      const before = Object.fromEntries((await s.client.send(new GetUserCommand({ AccessToken }))).UserAttributes!.map((a) => [a.Name, a.Value]));
      assert.equal(before['email'], 'kate@example.com');
      assert.equal(before['email_verified'], 'true');
      assert.ok((await signIn('kate@example.com', PW, cid)).AccessToken);
      const [msg] = await outbox(s, pid, 'kate');
      assert.equal(msg?.destination, 'kate@new.example.com');
      await s.client.send(new VerifyUserAttributeCommand({ AccessToken, AttributeName: 'email', Code: msg!.code! }));
      const after = Object.fromEntries((await s.client.send(new GetUserCommand({ AccessToken }))).UserAttributes!.map((a) => [a.Name, a.Value]));
      assert.equal(after['email'], 'kate@new.example.com');
      assert.equal(after['email_verified'], 'true');
      assert.ok((await signIn('kate@new.example.com', PW, cid)).AccessToken);
      await rejectsWith(signIn('kate@example.com', PW, cid), 'UserNotFoundException');
    });

    it('PreventUserExistenceErrors: recovery calls for unknown users look like real ones', async () => {
      const cid = (await createClient(s, poolId, { PreventUserExistenceErrors: 'ENABLED' })).clientId;
      const r = await s.client.send(new ForgotPasswordCommand({ ClientId: cid, Username: 'ghost@example.com' }));
      assert.equal(r.CodeDeliveryDetails?.DeliveryMedium, 'EMAIL');
      assert.equal(r.CodeDeliveryDetails?.Destination, 'g***@e***');
      await rejectsWith(s.client.send(new ConfirmForgotPasswordCommand({ ClientId: cid, Username: 'ghost', ConfirmationCode: '123456', Password: 'Newpass123!' })), 'CodeMismatchException');
      await rejectsWith(s.client.send(new ConfirmSignUpCommand({ ClientId: cid, Username: 'ghost', ConfirmationCode: '123456' })), 'CodeMismatchException');
      assert.ok((await s.client.send(new ResendConfirmationCodeCommand({ ClientId: cid, Username: 'ghost' }))).CodeDeliveryDetails);
    });

    it('a tampered or foreign access token is refused by GetUser', async () => {
      await createUser(s, poolId, 'tom', PW);
      const { AccessToken } = await signIn('tom');
      const [h, p, sig] = AccessToken!.split('.') as [string, string, string];
      const payload = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>;
      payload['sub'] = '00000000-0000-4000-8000-000000000000';
      const forged = `${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
      await rejectsWith(s.client.send(new GetUserCommand({ AccessToken: forged })), 'NotAuthorizedException', 'Invalid Access Token');
      await rejectsWith(s.client.send(new GetUserCommand({ AccessToken: 'abc.def.ghi' })), 'NotAuthorizedException', 'Invalid Access Token');
      const { IdToken } = await signIn('tom');
      await rejectsWith(s.client.send(new GetUserCommand({ AccessToken: IdToken })), 'NotAuthorizedException', 'Invalid Access Token');
    });

    it('RevokeToken kills the refresh token and the access tokens minted from it, not other sessions', async () => {
      await createUser(s, poolId, 'rex', PW);
      const one = await signIn('rex');
      const two = await signIn('rex');
      const refreshed = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: one.RefreshToken! } }));
      const otherClient = (await createClient(s, poolId)).clientId;
      await rejectsWith(s.client.send(new RevokeTokenCommand({ ClientId: otherClient, Token: one.RefreshToken! })), 'UnauthorizedException');
      await s.client.send(new RevokeTokenCommand({ ClientId: clientId, Token: one.RefreshToken! }));
      await s.client.send(new RevokeTokenCommand({ ClientId: clientId, Token: one.RefreshToken! }));
      await rejectsWith(
        s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: one.RefreshToken! } })),
        'NotAuthorizedException', 'Refresh Token has been revoked',
      );
      for (const t of [one.AccessToken!, refreshed.AuthenticationResult!.AccessToken!]) {
        await rejectsWith(s.client.send(new GetUserCommand({ AccessToken: t })), 'NotAuthorizedException', 'Access Token has been revoked');
      }
      assert.equal((await s.client.send(new GetUserCommand({ AccessToken: two.AccessToken! }))).Username, 'rex');
      await rejectsWith(s.client.send(new RevokeTokenCommand({ ClientId: clientId, Token: two.AccessToken! })), 'UnsupportedTokenTypeException');
    });

    it('GlobalSignOut and AdminUserGlobalSignOut revoke every refresh and access token of the user', async () => {
      await createUser(s, poolId, 'gus', PW);
      const a = await signIn('gus');
      const b = await signIn('gus');
      await s.client.send(new GlobalSignOutCommand({ AccessToken: a.AccessToken! }));
      for (const t of [a, b]) {
        await rejectsWith(s.client.send(new GetUserCommand({ AccessToken: t.AccessToken! })), 'NotAuthorizedException', 'Access Token has been revoked');
        await rejectsWith(
          s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: t.RefreshToken! } })),
          'NotAuthorizedException', 'Refresh Token has been revoked',
        );
      }
      const c = await signIn('gus');
      assert.equal((await s.client.send(new GetUserCommand({ AccessToken: c.AccessToken! }))).Username, 'gus');
      await s.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'gus' }));
      await rejectsWith(s.client.send(new GetUserCommand({ AccessToken: c.AccessToken! })), 'NotAuthorizedException', 'Access Token has been revoked');
      await rejectsWith(s.client.send(new AdminUserGlobalSignOutCommand({ UserPoolId: poolId, Username: 'nobody' })), 'UserNotFoundException');
    });

    it('GetTokensFromRefreshToken, with rotation and its grace period', async () => {
      await createUser(s, poolId, 'ron', PW);
      const first = await signIn('ron');
      const plain = await s.client.send(new GetTokensFromRefreshTokenCommand({ ClientId: clientId, RefreshToken: first.RefreshToken! }));
      assert.equal(plain.AuthenticationResult?.RefreshToken, undefined);
      const rotating = (await createClient(s, poolId, { RefreshTokenRotation: { Feature: 'ENABLED', RetryGracePeriodSeconds: 0 } })).clientId;
      const r0 = await signIn('ron', PW, rotating);
      const r1 = await s.client.send(new GetTokensFromRefreshTokenCommand({ ClientId: rotating, RefreshToken: r0.RefreshToken! }));
      assert.ok(r1.AuthenticationResult?.RefreshToken);
      assert.notEqual(r1.AuthenticationResult!.RefreshToken, r0.RefreshToken);
      const r2 = await s.client.send(new GetTokensFromRefreshTokenCommand({ ClientId: rotating, RefreshToken: r1.AuthenticationResult!.RefreshToken! }));
      assert.equal(decodeJwt(r2.AuthenticationResult!.AccessToken!)['origin_jti'], decodeJwt(r0.AccessToken!)['origin_jti']);
      // Reuse of a rotated-out token (no grace) revokes the whole family: the newest token and its access token die too.
      await rejectsWith(s.client.send(new GetTokensFromRefreshTokenCommand({ ClientId: rotating, RefreshToken: r0.RefreshToken! })), 'RefreshTokenReuseException');
      await rejectsWith(
        s.client.send(new GetTokensFromRefreshTokenCommand({ ClientId: rotating, RefreshToken: r2.AuthenticationResult!.RefreshToken! })),
        'NotAuthorizedException', 'Refresh Token has been revoked',
      );
      await rejectsWith(s.client.send(new GetUserCommand({ AccessToken: r2.AuthenticationResult!.AccessToken! })), 'NotAuthorizedException', 'Access Token has been revoked');
    });

    it('DeleteUser removes the account; its tokens stop working', async () => {
      await createUser(s, poolId, 'dan', PW);
      const t = await signIn('dan');
      await s.client.send(new DeleteUserCommand({ AccessToken: t.AccessToken! }));
      await rejectsWith(s.client.send(new GetUserCommand({ AccessToken: t.AccessToken! })), 'UserNotFoundException', 'User does not exist.');
      await rejectsWith(
        s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'REFRESH_TOKEN_AUTH', AuthParameters: { REFRESH_TOKEN: t.RefreshToken! } })),
        'NotAuthorizedException',
      );
    });

    it('RevokeToken needs EnableTokenRevocation', async () => {
      const cid = (await createClient(s, poolId)).clientId;
      await s.client.send(new UpdateUserPoolClientCommand({ UserPoolId: poolId, ClientId: cid, ExplicitAuthFlows: ['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'], EnableTokenRevocation: false }));
      await createUser(s, poolId, 'ivy', PW);
      const t = await signIn('ivy', PW, cid);
      await rejectsWith(s.client.send(new RevokeTokenCommand({ ClientId: cid, Token: t.RefreshToken! })), 'UnsupportedOperationException');
    });
  });
}
