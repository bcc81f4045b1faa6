/**
 * Issue 10, items 4–7: the attacks on the local server's edge, each through the real protocol,
 * and what stops them — web pages of other origins (CORS, Sec-Fetch-Site), DNS rebinding (Host),
 * a mismatched or rotated master key, file modes, trickling and piling-up connections, and
 * SigV4 requests whose unsigned parts were swapped.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import sha256js from '@aws-crypto/sha256-js';
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AssociateSoftwareTokenCommand,
  CreateIdentityProviderCommand,
  CreateUserImportJobCommand,
  CreateUserPoolDomainCommand,
  DescribeIdentityProviderCommand,
  DescribeUserPoolClientCommand,
  GetUserCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserMFAPreferenceCommand,
  SetUserPoolMfaConfigCommand,
  VerifySoftwareTokenCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadConfig } from '../src/config/config.ts';
import { uploadPathOf } from '../src/domain/import/jobs.ts';
import { openDatabase } from '../src/storage/sql/database.ts';
import { createPostgresSchema, databases, startTestServer, withServer, type DbKind, type TestServer } from './helpers/server.ts';
import { rejectsWith } from './helpers/errors.ts';
import { createClient, createPool, createUser, outbox } from './helpers/auth.ts';
import { totpCode } from './helpers/mfa.ts';

const { Sha256 } = sha256js;
const BIN = join(import.meta.dirname, '..', 'bin', 'userpool.mjs');
const EVIL = 'http://evil.example';
const PW = 'Passw0rd!';

interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One HTTP request with any headers (fetch may not set Host). */
function raw(url: string, opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string } = {}): Promise<RawResponse> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, method: opts.method ?? 'GET', path: opts.path ?? '/', headers: opts.headers ?? {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const api = (url: string, operation: string, body: unknown, headers: Record<string, string> = {}): Promise<RawResponse> =>
  raw(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${operation}`, ...headers },
    body: JSON.stringify(body),
  });

function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, cwd: tmpdir() }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const mode = (path: string): number => statSync(path).mode & 0o777;
const secretHash = (secret: string, username: string, clientId: string): string => createHmac('sha256', secret).update(username + clientId).digest('base64');

for (const kind of await databases()) {
  describe(`security: web pages cannot drive the local server (${kind})`, () => {
    const s = withServer(kind);
    let poolId: string;
    let clientId: string;
    before(async () => {
      poolId = await createPool(s);
      clientId = (await createClient(s, poolId)).clientId;
      await createUser(s, poolId, 'jane', PW);
      // An invitation with a temporary password lands in the outbox.
      await s.client.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username: 'joe', DesiredDeliveryMediums: ['EMAIL'], UserAttributes: [{ Name: 'email', Value: 'joe@example.com' }] }));
    });

    it('a page of another origin cannot read the outbox (preflight, CORS request, no-cors request)', async () => {
      const path = `/_userpool/messages?userPoolId=${poolId}`;
      const preflight = await raw(s.url, { method: 'OPTIONS', path, headers: { origin: EVIL, 'access-control-request-method': 'GET' } });
      assert.equal(preflight.status, 403);
      assert.equal(preflight.headers['access-control-allow-origin'], undefined);
      const cors = await raw(s.url, { path, headers: { origin: EVIL, 'sec-fetch-site': 'cross-site' } });
      assert.equal(cors.status, 403);
      assert.equal(cors.headers['access-control-allow-origin'], undefined);
      assert.match(cors.text, /USERPOOL_CORS_ORIGINS/);
      assert.doesNotMatch(cors.text, /joe/);
      const noCors = await raw(s.url, { path, headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' } });
      assert.equal(noCors.status, 403);
      // The developer's own tools (no Origin) and pages of http://localhost:* still read it.
      assert.equal((await outbox(s, poolId, 'joe')).length, 1);
      const dev = await raw(s.url, { path, headers: { origin: 'http://localhost:5173', 'sec-fetch-site': 'same-site' } });
      assert.equal(dev.status, 200);
      assert.equal(dev.headers['access-control-allow-origin'], 'http://localhost:5173');
    });

    it('a page of another origin cannot list users or create one (JSON 1.1 and query style)', async () => {
      const list = await api(s.url, 'ListUsers', { UserPoolId: poolId }, { origin: EVIL });
      assert.equal(list.status, 400);
      assert.equal(JSON.parse(list.text).__type, 'AccessDeniedException');
      assert.equal(list.headers['access-control-allow-origin'], undefined);
      assert.doesNotMatch(list.text, /jane/);
      // The preflight of POST / must pass (public operations need it), so the request itself is refused, not only its answer.
      const create = await api(s.url, 'AdminCreateUser', { UserPoolId: poolId, Username: 'mallory', MessageAction: 'SUPPRESS' }, { origin: EVIL });
      assert.equal(JSON.parse(create.text).__type, 'AccessDeniedException');
      const query = await raw(s.url, { path: `/?Action=AdminCreateUser&UserPoolId=${poolId}&Username=mallory2&MessageAction=SUPPRESS`, headers: { 'sec-fetch-site': 'cross-site' } });
      assert.equal(JSON.parse(query.text).__type, 'AccessDeniedException');
      // Browsers without Sec-Fetch-* still send the page's address.
      const old = await raw(s.url, { path: `/?Action=AdminCreateUser&UserPoolId=${poolId}&Username=mallory3&MessageAction=SUPPRESS`, headers: { referer: `${EVIL}/page.html` } });
      assert.equal(JSON.parse(old.text).__type, 'AccessDeniedException');
      for (const u of ['mallory', 'mallory2', 'mallory3']) await rejectsWith(s.client.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: u })), 'UserNotFoundException');
      // Configured origins and the server's own origin may.
      const dev = await api(s.url, 'ListUsers', { UserPoolId: poolId }, { origin: 'http://127.0.0.1:3000' });
      assert.equal(dev.status, 200);
      assert.equal(dev.headers['access-control-allow-origin'], 'http://127.0.0.1:3000');
      const own = await api(s.url, 'ListUsers', { UserPoolId: poolId }, { origin: s.url });
      assert.equal(own.status, 200);
    });

    it('public operations stay open to every origin, as on AWS', async () => {
      const preflight = await raw(s.url, { method: 'OPTIONS', headers: { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target' } });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers['access-control-allow-origin'], EVIL);
      const signIn = await api(s.url, 'InitiateAuth', { ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'jane', PASSWORD: PW } }, { origin: EVIL });
      assert.equal(signIn.status, 200);
      assert.equal(signIn.headers['access-control-allow-origin'], EVIL);
      assert.ok(JSON.parse(signIn.text).AuthenticationResult.AccessToken);
    });

    it('Host: evil.example (DNS rebinding) is refused; the server\'s own names and pool domains are served; /health answers any Host', async () => {
      const port = new URL(s.url).port;
      const evil = await api(s.url, 'ListUsers', { UserPoolId: poolId }, { host: `evil.example:${port}` });
      assert.equal(evil.status, 400);
      assert.equal(JSON.parse(evil.text).__type, 'AccessDeniedException');
      assert.equal(JSON.parse(evil.text).message, "Host 'evil.example' is not a name of this server. Reach it by its URL, or add the name to USERPOOL_ALLOWED_HOSTS.");
      const page = await raw(s.url, { path: `/_userpool/messages?userPoolId=${poolId}`, headers: { host: `evil.example:${port}` } });
      assert.equal(page.status, 400);
      assert.match(page.headers['content-type'] ?? '', /text\/plain/);
      assert.doesNotMatch(page.text, /joe/);
      assert.equal((await raw(s.url, { path: '/health', headers: { host: 'evil.example' } })).status, 200);

      for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `app.localhost:${port}`, `[::1]:${port}`, `10.0.0.5:${port}`, `userpool:${port}`, "cognito-idp.us-east-1.amazonaws.com"]) {
        const ok = await api(s.url, 'ListUsers', { UserPoolId: poolId }, { host });
        assert.equal(ok.status, 200, host);
      }
      const prefix = `edge${randomBytes(3).toString('hex')}`;
      await s.client.send(new CreateUserPoolDomainCommand({ UserPoolId: poolId, Domain: prefix }));
      for (const host of [`${prefix}.auth.us-east-1.amazoncognito.com`, `${prefix}.auth.example.com`]) {
        const ok = await raw(s.url, { path: '/oauth2/authorize?response_type=code', headers: { host } });
        assert.doesNotMatch(ok.text, /not a name of this server/, host);
        assert.match(ok.text, /client_id/i, `${host}: the OAuth endpoint answered`);
        assert.equal((await api(s.url, 'ListUsers', { UserPoolId: poolId }, { host })).status, 200, host);
      }
      assert.equal((await api(s.url, 'ListUsers', { UserPoolId: poolId }, { host: `${prefix}.example.org.evil.example` })).status, 200, 'a prefix domain is matched by its first label, as the OAuth router does');
      assert.equal((await api(s.url, 'ListUsers', { UserPoolId: poolId }, { host: `other${prefix}.example.com` })).status, 400);
    });
  });

  describe(`security: the master key cannot silently go wrong (${kind})`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'userpool-key-'));
    let databaseUrl: string;
    const keyA = randomBytes(32).toString('hex');
    before(async () => {
      databaseUrl = kind === 'sqlite' ? `sqlite:${join(dir, 'userpool.db')}` : await createPostgresSchema();
    });
    after(() => {
      rmSync(dir, { recursive: true, force: true });
    });

    it('a server with another key refuses to start and says what to do; rotate-master-key re-seals everything and the new key serves the old users', async () => {
      let s = await startTestServer(kind, { databaseUrl, dataDir: dir, masterKey: keyA });
      const poolId = await createPool(s);
      await s.client.send(new SetUserPoolMfaConfigCommand({ UserPoolId: poolId, MfaConfiguration: 'OPTIONAL', SoftwareTokenMfaConfiguration: { Enabled: true } }));
      const { clientId, secret } = await createClient(s, poolId, { GenerateSecret: true });
      assert.ok(secret);
      await createUser(s, poolId, 'jane', PW);
      const details = { client_id: 'rp', client_secret: 'rp-secret', authorize_scopes: 'openid', oidc_issuer: 'https://issuer.example.com', attributes_request_method: 'GET' };
      await s.client.send(new CreateIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Corp', ProviderType: 'OIDC', ProviderDetails: details }));
      const signIn = (srv: TestServer) =>
        srv.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'jane', PASSWORD: PW, SECRET_HASH: secretHash(secret, 'jane', clientId) } }));
      const first = await signIn(s);
      const at = first.AuthenticationResult!.AccessToken!;
      const { SecretCode } = await s.client.send(new AssociateSoftwareTokenCommand({ AccessToken: at }));
      await s.client.send(new VerifySoftwareTokenCommand({ AccessToken: at, UserCode: totpCode(SecretCode!, Date.now()) }));
      await s.client.send(new SetUserMFAPreferenceCommand({ AccessToken: at, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }));
      await s.close();

      const keyB = randomBytes(32).toString('hex');
      await assert.rejects(startTestServer(kind, { databaseUrl, dataDir: dir, masterKey: keyB }), (err: Error) => {
        assert.match(err.message, /^The master key does not match this database: it was sealed with the key of fingerprint [0-9a-f]{32}, this server's key has fingerprint [0-9a-f]{32} \(from USERPOOL_MASTER_KEY\)/);
        assert.match(err.message, /set USERPOOL_MASTER_KEY \(64 hex digits or base64 of 32 bytes\), or leave USERPOOL_MASTER_KEY unset and put the key in \/.*master\.key/);
        assert.match(err.message, /Every node that shares a database needs the same key/);
        return true;
      });

      // A server left running during the rotation is not silently broken: /health says why.
      const running = await startTestServer(kind, { databaseUrl, dataDir: dir, masterKey: keyA });
      const rotated = await cli(['rotate-master-key'], { DATABASE_URL: databaseUrl, USERPOOL_DATA_DIR: dir, USERPOOL_MASTER_KEY: keyA });
      const health = await raw(running.url, { path: '/health' });
      await running.close();
      assert.equal(health.status, 503);
      assert.match(JSON.parse(health.text).message, /^The database is now sealed with another master key .*restart this server with the new key\.$/);
      assert.equal(rotated.code, 0, rotated.stderr);
      assert.match(rotated.stderr, /re-sealed 1 password verifiers, 1 TOTP secrets, 1 client secrets, 1 signing keys, 0 device verifiers, 1 identity providers/);
      const keyC = rotated.stdout.trim();
      assert.match(keyC, /^[0-9a-f]{64}$/);

      await assert.rejects(startTestServer(kind, { databaseUrl, dataDir: dir, masterKey: keyA }), /does not match this database/);
      s = await startTestServer(kind, { databaseUrl, dataDir: dir, masterKey: keyC });
      try {
        const challenge = await signIn(s);
        assert.equal(challenge.ChallengeName, 'SOFTWARE_TOKEN_MFA');
        const done = await s.client.send(
          new RespondToAuthChallengeCommand({
            ClientId: clientId,
            ChallengeName: 'SOFTWARE_TOKEN_MFA',
            Session: challenge.Session,
            // The next time step: the current one may have been used by VerifySoftwareToken.
            ChallengeResponses: { USERNAME: 'jane', SOFTWARE_TOKEN_MFA_CODE: totpCode(SecretCode!, Date.now() + 30_000), SECRET_HASH: secretHash(secret, 'jane', clientId) },
          }),
        );
        const user = await s.client.send(new GetUserCommand({ AccessToken: done.AuthenticationResult!.AccessToken! }));
        assert.equal(user.Username, 'jane');
        const client = await s.client.send(new DescribeUserPoolClientCommand({ UserPoolId: poolId, ClientId: clientId }));
        assert.equal(client.UserPoolClient?.ClientSecret, secret);
        const idp = await s.client.send(new DescribeIdentityProviderCommand({ UserPoolId: poolId, ProviderName: 'Corp' }));
        assert.equal(idp.IdentityProvider?.ProviderDetails?.['client_secret'], 'rp-secret');
      } finally {
        await s.close();
      }
    });

    it('a database sealed before fingerprints were recorded is checked against one of its sealed values', async () => {
      const url = kind === 'sqlite' ? `sqlite:${join(dir, 'old.db')}` : await createPostgresSchema();
      const s = await startTestServer(kind, { databaseUrl: url, dataDir: dir, masterKey: keyA });
      await createPool(s);
      await s.close();
      const db = await openDatabase(url);
      await db.db.deleteFrom('server_settings').execute();
      await db.close();
      await assert.rejects(startTestServer(kind, { databaseUrl: url, dataDir: dir, masterKey: randomBytes(32).toString('hex') }), /sealed before fingerprints were recorded/);
      await (await startTestServer(kind, { databaseUrl: url, dataDir: dir, masterKey: keyA })).close();
    });
  });
}

describe('security: the key file in the data directory (sqlite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'userpool-keyfile-'));
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('another data directory on the same database is refused with the key file path; rotation replaces the key file', async () => {
    const dataDir = join(dir, 'node1');
    const databaseUrl = `sqlite:${join(dir, 'shared.db')}`;
    let s = await startTestServer('sqlite', { databaseUrl, dataDir, masterKey: undefined });
    const poolId = await createPool(s);
    const { clientId } = await createClient(s, poolId);
    await createUser(s, poolId, 'jane', PW);
    await s.close();
    const oldKey = readFileSync(join(dataDir, 'master.key'), 'utf8');

    await assert.rejects(startTestServer('sqlite', { databaseUrl, dataDir: join(dir, 'node2'), masterKey: undefined }), (err: Error) => {
      assert.match(err.message, new RegExp(`from the key file ${join(dir, 'node2', 'master.key').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(USERPOOL_DATA_DIR=`));
      return true;
    });

    const rotated = await cli(['rotate-master-key'], { DATABASE_URL: databaseUrl, USERPOOL_DATA_DIR: dataDir, USERPOOL_MASTER_KEY: '' });
    assert.equal(rotated.code, 0, rotated.stderr);
    assert.equal(rotated.stdout, '', 'a key kept in a file is not printed');
    assert.notEqual(readFileSync(join(dataDir, 'master.key'), 'utf8'), oldKey);
    assert.equal(mode(join(dataDir, 'master.key')), 0o600);
    assert.equal(existsSync(join(dataDir, 'master.key.new')), false);

    s = await startTestServer('sqlite', { databaseUrl, dataDir, masterKey: undefined });
    try {
      const r = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'jane', PASSWORD: PW } }));
      assert.ok(r.AuthenticationResult?.AccessToken);
    } finally {
      await s.close();
    }
  });
});

describe('security: files and connections (sqlite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'userpool-files-'));
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('the data directory is 0700; the key, the database, its WAL and uploaded import files are 0600', async () => {
    const dataDir = join(dir, 'data');
    const dbFile = join(dataDir, 'userpool.db');
    const s = await startTestServer('sqlite', { databaseUrl: `sqlite:${dbFile}`, dataDir, masterKey: undefined });
    try {
      const poolId = await createPool(s, { AutoVerifiedAttributes: ['email'] });
      const job = await s.client.send(new CreateUserImportJobCommand({ UserPoolId: poolId, JobName: 'j', CloudWatchLogsRoleArn: 'arn:aws:iam::123456789012:role/CognitoImport' }));
      const put = await fetch(job.UserImportJob!.PreSignedUrl!, { method: 'PUT', body: 'cognito:username,email,email_verified\njane,jane@example.com,true\n' });
      assert.equal(put.status, 200);
      assert.equal(mode(dataDir), 0o700);
      assert.equal(mode(join(dataDir, 'master.key')), 0o600);
      assert.equal(mode(join(dataDir, 'imports')), 0o700);
      assert.equal(mode(uploadPathOf(dataDir, job.UserImportJob!.JobId!)), 0o600);
      for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) {
        assert.ok(existsSync(f), f);
        assert.equal(mode(f), 0o600, f);
      }
    } finally {
      await s.close();
    }
  });

  it('a client that trickles its body or its headers is cut off; connections beyond the cap are closed', async () => {
    const s = await startTestServer('sqlite', { bodyTimeoutMs: 1000, maxConnections: 3 });
    const port = Number(new URL(s.url).port);
    /** Opens a socket, writes `head`, then one byte of `tail` every 200 ms; resolves with the ms until the server closed it. */
    const trickle = (head: string, tail: string): Promise<{ ms: number; sent: number }> =>
      new Promise((resolve) => {
        const started = Date.now();
        const sock = net.connect(port, '127.0.0.1', () => sock.write(head));
        let sent = 0;
        const timer = setInterval(() => {
          if (sent < tail.length && !sock.destroyed) sock.write(tail[sent++]!);
        }, 200);
        sock.on('data', () => {});
        sock.on('error', () => {});
        sock.on('close', () => {
          clearInterval(timer);
          resolve({ ms: Date.now() - started, sent });
        });
      });
    try {
      const body = JSON.stringify({ MaxResults: 10, Padding: 'x'.repeat(200) });
      const [bodyCut, headersCut] = await Promise.all([
        trickle(`POST / HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: AWSCognitoIdentityProviderService.ListUserPools\r\nContent-Length: ${body.length}\r\n\r\n`, body),
        trickle('GET /health HTTP/1.1\r\n', `Host: 127.0.0.1\r\n${'X-Slow: a\r\n'.repeat(30)}\r\n`),
      ]);
      assert.ok(bodyCut.ms < 4000 && bodyCut.sent < body.length, `body trickle: closed after ${bodyCut.ms} ms, ${bodyCut.sent} bytes`);
      assert.ok(headersCut.ms < 13_000 && headersCut.sent < 100, `header trickle: closed after ${headersCut.ms} ms, ${headersCut.sent} bytes`);

      const held = await Promise.all([1, 2, 3].map(() => new Promise<net.Socket>((resolve) => { const c = net.connect(port, '127.0.0.1', () => resolve(c)); c.on('error', () => {}); })));
      const closed = await new Promise<boolean>((resolve) => {
        const extra = net.connect(port, '127.0.0.1');
        extra.on('error', () => {});
        extra.on('close', () => resolve(true));
        setTimeout(() => resolve(false), 2000);
      });
      assert.ok(closed, 'a fourth connection is closed by the server');
      for (const c of held) c.destroy();
    } finally {
      await s.close();
    }
  });
});

describe('security: development features in verify mode', () => {
  it('the outbox and a fixed code are refused at start-up in verify mode unless forced', () => {
    const keys = { USERPOOL_SIGV4: 'verify', USERPOOL_ACCESS_KEYS: 'AKID:secret' };
    assert.throws(() => loadConfig({ ...keys, USERPOOL_OUTBOX: 'on' }), /USERPOOL_OUTBOX hand codes and temporary passwords to anyone who asks: refused in SigV4 "verify" mode.*USERPOOL_FORCE_DEV_FEATURES=on/);
    assert.throws(() => loadConfig({ ...keys, USERPOOL_FIXED_CODE: '123456' }), /USERPOOL_FIXED_CODE/);
    assert.equal(loadConfig({ ...keys, USERPOOL_OUTBOX: 'on', USERPOOL_FORCE_DEV_FEATURES: 'on' }).outboxEndpoint, true);
    assert.equal(loadConfig(keys).outboxEndpoint, false);
    assert.deepEqual(loadConfig(keys).corsOrigins, []);
    assert.deepEqual(loadConfig({}).corsOrigins, ['http://localhost:*', 'http://127.0.0.1:*']);
  });
});

describe('security: SigV4 in verify mode is as strict as AWS', () => {
  const s = withServer('sqlite', { signatureMode: 'verify', accessKeys: { AKIDTEST: 'test-secret' } });

  async function signed(opts: { target: string; service?: string; headers?: Record<string, string>; unsignable?: string[]; body?: string }): Promise<Record<string, string>> {
    const u = new URL(s.url);
    const body = opts.body ?? '{"MaxResults":10}';
    const signer = new SignatureV4({ credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' }, region: 'us-east-1', service: opts.service ?? 'cognito-idp', sha256: Sha256 });
    const req = await signer.sign(
      {
        method: 'POST',
        protocol: 'http:',
        hostname: u.hostname,
        port: Number(u.port),
        path: '/',
        query: {},
        headers: { host: u.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${opts.target}`, ...opts.headers },
        body,
      },
      opts.unsignable ? { unsignableHeaders: new Set(opts.unsignable) } : {},
    );
    return req.headers;
  }
  const send = (headers: Record<string, string>, body = '{"MaxResults":10}') => raw(s.url, { method: 'POST', headers, body });

  it('a correctly signed request passes', async () => {
    const ok = await send(await signed({ target: 'ListUserPools' }));
    assert.equal(ok.status, 200, ok.text);
  });

  it('an unsigned X-Amz-Target cannot be swapped (every x-amz-* header must be signed)', async () => {
    const headers = await signed({ target: 'ListUserPools', unsignable: ['x-amz-target'] });
    headers['x-amz-target'] = 'AWSCognitoIdentityProviderService.DeleteUserPool';
    const res = await send(headers, '{"UserPoolId":"us-east-1_AbCdEfGhI"}');
    assert.equal(res.status, 400);
    assert.deepEqual(JSON.parse(res.text), { __type: 'IncompleteSignatureException', message: 'There were headers present in the request which were not signed: x-amz-target.' });
    const extra = await signed({ target: 'ListUserPools' });
    const res2 = await send({ ...extra, 'x-amz-security-token': 'unsigned' });
    assert.equal(JSON.parse(res2.text).__type, 'IncompleteSignatureException');
  });

  it("a credential scoped to another service is refused with AWS's text", async () => {
    const res = await send(await signed({ target: 'ListUserPools', service: 'execute-api' }));
    assert.equal(res.status, 400);
    assert.deepEqual(JSON.parse(res.text), { __type: 'InvalidSignatureException', message: "Credential should be scoped to correct service: 'cognito-idp'. " });
  });

  it('UNSIGNED-PAYLOAD is refused for a request with a body (the body could be swapped)', async () => {
    const headers = await signed({ target: 'ListUserPools', headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    const res = await send(headers, '{"MaxResults":60}');
    assert.equal(res.status, 400);
    assert.equal(JSON.parse(res.text).__type, 'InvalidSignatureException');
  });

  it('no origin may call IAM operations from a page by default in verify mode', async () => {
    const res = await send({ ...(await signed({ target: 'ListUserPools' })), origin: 'http://localhost:3000' });
    assert.equal(JSON.parse(res.text).__type, 'AccessDeniedException');
  });
});
