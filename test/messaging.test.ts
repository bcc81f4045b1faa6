import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { AdminCreateUserCommand, AdminGetUserCommand, CreateUserPoolCommand, type CreateUserPoolCommandInput } from '@aws-sdk/client-cognito-identity-provider';
import { databases, startTestServer, withServer, type TestServer } from './helpers/server.ts';
import { rejectsWith } from './helpers/errors.ts';
import { consumeCode, issueCode, CodePurpose, MAX_CODE_ATTEMPTS, type CodeDeps } from '../src/domain/messaging/codes.ts';
import { maskDestination } from '../src/domain/messaging/mask.ts';
import { renderMessage } from '../src/domain/messaging/templates.ts';
import { createPoolConfig } from '../src/domain/pools/pool-config.ts';
import { resolveUser } from '../src/domain/users/resolve.ts';
import type { PoolRecord, UserRecord } from '../src/storage/ports/index.ts';

interface Received {
  to: string[];
  raw: string;
}

/** A real SMTP peer on a free port that keeps what it receives. */
async function startSmtp(reject = false): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, cb) {
      cb(reject ? Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 }) : undefined);
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString('utf8') });
        cb();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** An HTTP endpoint that records the JSON bodies POSTed to it. */
async function startWebhook(status = 200): Promise<{ url: string; received: Array<Record<string, unknown>>; close(): Promise<void> }> {
  const received: Array<Record<string, unknown>> = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      received.push(JSON.parse(body) as Record<string, unknown>);
      res.statusCode = status;
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}/sms`, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Unfolds quoted-printable soft line breaks so assertions can read the text body. */
const unfold = (raw: string): string => raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');

describe('maskDestination', () => {
  it('masks emails and phone numbers as Cognito does', () => {
    assert.equal(maskDestination('jane@example.com'), 'j***@e***');
    assert.equal(maskDestination('+14325551212'), '+*******1212');
    assert.equal(maskDestination('Ü@ß.de'), 'Ü***@ß***');
  });
});

describe('renderMessage', () => {
  const pool = (input: Record<string, unknown>): PoolRecord => ({ id: 'us-east-1_abc', name: 'x', config: createPoolConfig(input as never) as never, createdAt: 0, updatedAt: 0 });

  it('uses the default invitation and verification templates', () => {
    const p = pool({});
    assert.deepEqual(renderMessage(p, 'INVITATION', 'EMAIL', 'Pa$$-1$&', { username: 'bob' }), { subject: 'Your temporary password', body: 'Your username is bob and temporary password is Pa$$-1$&.' });
    assert.deepEqual(renderMessage(p, 'SIGN_UP', 'SMS', '123456'), { body: 'Your verification code is 123456. ' });
    assert.deepEqual(renderMessage(p, 'FORGOT_PASSWORD', 'EMAIL', '123456'), { subject: 'Your verification code', body: 'Your verification code is 123456. ' });
  });

  it('uses the pool templates and the link form', () => {
    const p = pool({
      AdminCreateUserConfig: { InviteMessageTemplate: { EmailSubject: 'Welcome {username}', EmailMessage: 'Hi {username}, use {####}', SMSMessage: '{username}/{####}' } },
      VerificationMessageTemplate: { DefaultEmailOption: 'CONFIRM_WITH_LINK', EmailMessageByLink: 'Click {##here##}', EmailSubjectByLink: 'Verify' },
    });
    assert.deepEqual(renderMessage(p, 'INVITATION', 'EMAIL', 'pw', { username: 'ann' }), { subject: 'Welcome ann', body: 'Hi ann, use pw' });
    assert.deepEqual(renderMessage(p, 'INVITATION', 'SMS', 'pw', { username: 'ann' }), { body: 'ann/pw' });
    assert.deepEqual(renderMessage(p, 'SIGN_UP', 'EMAIL', '111111', { linkUrl: 'https://h/confirm?a=1&b=2' }), { subject: 'Verify', body: 'Click <a href="https://h/confirm?a=1&#38;b=2">here</a>' });
    assert.deepEqual(renderMessage(p, 'SIGN_UP', 'EMAIL', '111111'), { subject: 'Your verification code', body: 'Your verification code is 111111. ' });
  });
});

for (const kind of await databases()) {
  describe(`messaging (${kind})`, () => {
    let smtp: Awaited<ReturnType<typeof startSmtp>>;
    let sms: Awaited<ReturnType<typeof startWebhook>>;
    const s = withServer(kind, async () => {
      smtp = await startSmtp();
      sms = await startWebhook();
      return { smtpUrl: smtp.url, smtpFrom: 'Userpool <no-reply@userpool.test>', smsWebhook: sms.url };
    });
    after(async () => {
      await smtp.close();
      await sms.close();
    });
    let counter = 0;
    const newPool = async (srv: TestServer, input: Partial<CreateUserPoolCommandInput> = {}): Promise<string> =>
      (await srv.client.send(new CreateUserPoolCommand({ PoolName: `m${++counter}`, ...input }))).UserPool!.Id!;

    it('delivers an invitation email to a real SMTP peer and an SMS to the webhook', async () => {
      const poolId = await newPool(s, { AdminCreateUserConfig: { InviteMessageTemplate: { EmailSubject: 'Welcome aboard', EmailMessage: 'Hello {username}, your password is {####}', SMSMessage: 'User {username} pw {####}' } } });
      await s.client.send(new AdminCreateUserCommand({
        UserPoolId: poolId,
        Username: 'newbie',
        TemporaryPassword: 'Temp-pass1',
        DesiredDeliveryMediums: ['EMAIL', 'SMS'],
        UserAttributes: [{ Name: 'email', Value: 'newbie@example.com' }, { Name: 'phone_number', Value: '+15550009999' }],
      }));
      await waitFor(() => smtp.received.length >= 1 && sms.received.length >= 1);
      const mail = smtp.received.find((m) => m.to.includes('newbie@example.com'))!;
      assert.ok(mail, 'email received');
      const text = unfold(mail.raw);
      assert.match(text, /^Subject: Welcome aboard/m);
      assert.match(text, /^From: Userpool <no-reply@userpool\.test>/m);
      assert.match(text, /Hello newbie, your password is Temp-pass1/);
      assert.deepEqual(sms.received.find((m) => m['to'] === '+15550009999'), { to: '+15550009999', message: 'User newbie pw Temp-pass1', userPoolId: poolId, username: 'newbie', kind: 'INVITATION' });
    });

    it('lists the outbox newest first, by username or alias', async () => {
      const poolId = await newPool(s, { UsernameAttributes: ['email'] });
      const created = await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'olive@example.com', TemporaryPassword: 'Temp-pass1', DesiredDeliveryMediums: ['EMAIL'] }));
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'olive@example.com', MessageAction: 'RESEND', TemporaryPassword: 'Temp-pass2', DesiredDeliveryMediums: ['EMAIL'] }));
      const res = await fetch(`${s.url}/_userpool/messages?userPoolId=${poolId}&username=${encodeURIComponent('OLIVE@example.com')}`);
      assert.equal(res.status, 200);
      const msgs = (await res.json()) as Array<Record<string, unknown>>;
      assert.equal(msgs.length, 2);
      assert.equal(msgs[0]!['code'], 'Temp-pass2');
      assert.equal(msgs[1]!['code'], 'Temp-pass1');
      assert.equal(msgs[0]!['kind'], 'INVITATION');
      assert.equal(msgs[0]!['channel'], 'EMAIL');
      assert.equal(msgs[0]!['destination'], 'olive@example.com');
      assert.equal(typeof msgs[0]!['createdAt'], 'number');
      // {username} is what the user signs in with, not the generated UUID Username
      assert.match(String(msgs[0]!['body']), /Your username is olive@example\.com/);
      const bySub = (await (await fetch(`${s.url}/_userpool/messages?userPoolId=${poolId}&username=${created.User!.Username}`)).json()) as unknown[];
      assert.equal(bySub.length, 2);
      const everyPool = (await (await fetch(`${s.url}/_userpool/messages`)).json()) as Array<Record<string, unknown>>;
      assert.deepEqual(everyPool.filter((m) => m['userPoolId'] === poolId).map((m) => m['code']), ['Temp-pass2', 'Temp-pass1'], 'no filter: every pool');
      assert.equal((await fetch(`${s.url}/_userpool/messages?username=olive`)).status, 400, 'a username needs its pool');
      assert.equal((await fetch(`${s.url}/_userpool/messages?userPoolId=us-east-1_nope12345`)).status, 404);
    });

    it('answers CodeDeliveryFailureException when SMTP fails, after creating the user (as AWS does)', async () => {
      const bad = await startSmtp(true);
      const srv = await startTestServer(kind, { smtpUrl: bad.url });
      try {
        const poolId = await newPool(srv);
        await rejectsWith(
          srv.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'unlucky', DesiredDeliveryMediums: ['EMAIL'], UserAttributes: [{ Name: 'email', Value: 'unlucky@example.com' }] })),
          'CodeDeliveryFailureException',
        );
        const u = await srv.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: 'unlucky' }));
        assert.equal(u.UserStatus, 'FORCE_CHANGE_PASSWORD');
      } finally {
        await srv.close();
        await bad.close();
      }
    });

    it('answers CodeDeliveryFailureException when the SMS webhook fails', async () => {
      const hook = await startWebhook(500);
      const srv = await startTestServer(kind, { smsWebhook: hook.url });
      try {
        const poolId = await newPool(srv);
        await rejectsWith(
          srv.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'smsfail', UserAttributes: [{ Name: 'phone_number', Value: '+15550007777' }] })),
          'CodeDeliveryFailureException',
        );
        assert.equal(hook.received.length, 1);
      } finally {
        await srv.close();
        await hook.close();
      }
    });

    it('with the outbox endpoint off: 404, and stored messages carry no secret', async () => {
      const srv = await startTestServer(kind, { outboxEndpoint: false });
      try {
        const poolId = await newPool(srv);
        await srv.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'quiet', TemporaryPassword: 'Secret-Temp-9', DesiredDeliveryMediums: ['EMAIL'], UserAttributes: [{ Name: 'email', Value: 'quiet@example.com' }] }));
        assert.equal((await fetch(`${srv.url}/_userpool/messages?userPoolId=${poolId}`)).status, 404);
        const rows = await srv.db.selectFrom('messages').selectAll().execute();
        assert.equal(rows.length, 1);
        assert.equal(rows[0]!.code, null);
        assert.ok(!JSON.stringify(rows).includes('Secret-Temp-9'));
        assert.match(rows[0]!.body, /\*\*\*\*\*\*/);
      } finally {
        await srv.close();
      }
    });

    describe('one-time codes', () => {
      let pool: PoolRecord;
      let user: UserRecord;
      let clock: number;
      let deps: CodeDeps;

      before(async () => {
        const poolId = await newPool(s);
        await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'coder', MessageAction: 'SUPPRESS' }));
        pool = (await s.deps.store.pools.findPool(poolId))!;
        user = (await resolveUser(s.deps.store, pool, 'coder'))!;
        clock = Date.now();
        deps = { config: { fixedCode: undefined }, now: () => clock, tokenKey: s.deps.tokenKey };
      });

      it('issues 6 digits, stores only a hash, and consumes a code once', async () => {
        const code = await issueCode(s.deps.store, user, CodePurpose.SIGN_UP, 60_000, deps);
        assert.match(code, /^[0-9]{6}$/);
        const rows = await s.db.selectFrom('codes').selectAll().execute();
        assert.ok(!JSON.stringify(rows).includes(code));
        const wrong = code === '000000' ? '000001' : '000000';
        assert.equal(await consumeCode(s.deps.store, user, CodePurpose.SIGN_UP, wrong, deps), 'mismatch');
        assert.equal(await consumeCode(s.deps.store, user, CodePurpose.FORGOT_PASSWORD, code, deps), 'expired');
        assert.equal(await consumeCode(s.deps.store, user, CodePurpose.SIGN_UP, code, deps), 'ok');
        assert.equal(await consumeCode(s.deps.store, user, CodePurpose.SIGN_UP, code, deps), 'expired');
      });

      it('expires codes', async () => {
        const code = await issueCode(s.deps.store, user, CodePurpose.SIGN_UP, 60_000, deps);
        clock += 60_001;
        assert.equal(await consumeCode(s.deps.store, user, CodePurpose.SIGN_UP, code, deps), 'expired');
        assert.equal(await consumeCode(s.deps.store, user, CodePurpose.SIGN_UP, code, deps), 'expired');
      });

      it('burns a code after too many wrong guesses; a new code replaces the old one', async () => {
        const code = await issueCode(s.deps.store, user, CodePurpose.FORGOT_PASSWORD, 60_000, deps);
        const wrong = code === '999999' ? '999998' : '999999';
        for (let i = 0; i < MAX_CODE_ATTEMPTS; i++) assert.equal(await consumeCode(s.deps.store, user, CodePurpose.FORGOT_PASSWORD, wrong, deps), 'mismatch');
        assert.equal(await consumeCode(s.deps.store, user, CodePurpose.FORGOT_PASSWORD, code, deps), 'tooManyAttempts');
        assert.equal(await consumeCode(s.deps.store, user, CodePurpose.FORGOT_PASSWORD, code, deps), 'expired');
        const first = await issueCode(s.deps.store, user, CodePurpose.FORGOT_PASSWORD, 60_000, { ...deps, config: { fixedCode: '111111' } });
        const second = await issueCode(s.deps.store, user, CodePurpose.FORGOT_PASSWORD, 60_000, { ...deps, config: { fixedCode: '222222' } });
        assert.equal(first, '111111');
        assert.equal(await consumeCode(s.deps.store, user, CodePurpose.FORGOT_PASSWORD, first, deps), 'mismatch');
        assert.equal(await consumeCode(s.deps.store, user, CodePurpose.FORGOT_PASSWORD, second, deps), 'ok');
      });

      it('lets exactly one of many concurrent callers consume a code', async () => {
        const code = await issueCode(s.deps.store, user, CodePurpose.verifyAttribute('email'), 60_000, deps);
        const results = await Promise.all(Array.from({ length: 10 }, () => consumeCode(s.deps.store, user, CodePurpose.verifyAttribute('email'), code, deps)));
        assert.equal(results.filter((r) => r === 'ok').length, 1);
        assert.ok(results.every((r) => r === 'ok' || r === 'expired'));
      });
    });
  });
}
