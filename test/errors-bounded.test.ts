// Errors every client can read, whatever the input: long bad values, a 10 MB body, long names
// and URLs. Through the real SDK v3 client, boto3 and curl, and raw node:http to see every header.
// SQLite is enough: nothing here depends on the storage engine.
import { afterEach, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignatureV4 } from '@smithy/signature-v4';
import sha256js from '@aws-crypto/sha256-js';
import { AdminGetUserCommand, CreateUserPoolCommand, CognitoIdentityProviderServiceException } from '@aws-sdk/client-cognito-identity-provider';
import { startTestServer, withServer, type TestServer } from './helpers/server.ts';

// The server runs in this process: a child client must run asynchronously, never execFileSync.
const run = async (cmd: string, args: string[]): Promise<string> => (await promisify(execFile)(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 20 })).stdout;

const MAX_HEADER = 8 * 1024;
const MAX_MESSAGE = 2048;
const TEN_MB = 10 * 1024 * 1024;
const TARGET = 'AWSCognitoIdentityProviderService.';

interface Raw {
  status: number;
  rawHeaders: string[];
  json: Record<string, unknown>;
}

/** One request over node:http, the whole body written before the answer is read (no Expect). */
function raw(url: string, method: string, path: string, headers: Record<string, string>, body?: Buffer | string): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, url), { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          json = { text };
        }
        resolve({ status: res.statusCode ?? 0, rawHeaders: res.rawHeaders, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function assertReadable(res: Raw, status: number, type: string, message?: RegExp): void {
  assert.equal(res.status, status, JSON.stringify(res.json).slice(0, 300));
  for (let i = 0; i < res.rawHeaders.length; i += 2) {
    const line = `${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`;
    assert.ok(line.length < MAX_HEADER, `header ${res.rawHeaders[i]} is ${line.length} bytes`);
  }
  assert.equal(res.json['__type'], type);
  const text = String(res.json['message']);
  assert.ok(text.length <= MAX_MESSAGE, `message is ${text.length} characters`);
  if (message) assert.match(text, message);
}

const json = (operation: string, extra: Record<string, string> = {}): Record<string, string> => ({
  'content-type': 'application/x-amz-json-1.1',
  'x-amz-target': TARGET + operation,
  ...extra,
});

describe('errors are bounded and readable', () => {
  let s: TestServer;
  let dir: string;
  // A fresh server per test: no test's connections (still draining 10 MB) meet another's.
  beforeEach(async () => {
    s = await startTestServer('sqlite');
    dir = mkdtempSync(join(tmpdir(), 'userpool-errors-'));
  });
  afterEach(async () => {
    await s.close();
  });

  it('SDK v3: long bad values in several members → InvalidParameterException quoting a prefix', async () => {
    const long = 'a'.repeat(100_000);
    const err = await s.client.send(new AdminGetUserCommand({ UserPoolId: long, Username: long })).catch((e: unknown) => e);
    assert.ok(err instanceof CognitoIdentityProviderServiceException, String(err));
    assert.equal(err.name, 'InvalidParameterException');
    assert.ok(err.message.length <= MAX_MESSAGE, `message is ${err.message.length} characters`);
    assert.match(err.message, /validation errors? detected: Value 'a+\.\.\.' at 'userPoolId' failed to satisfy constraint/);
  });

  it('raw: the same call keeps every header under 8 KiB; sensitive values are not quoted', async () => {
    const long = 'p'.repeat(100_000);
    const res = await raw(s.url, 'POST', '/', json('AdminGetUser'), JSON.stringify({ UserPoolId: long, Username: long }));
    assertReadable(res, 400, 'InvalidParameterException', /at 'username'/);
    const secret = await raw(s.url, 'POST', '/', json('SignUp'), JSON.stringify({ ClientId: 'c', Username: 'u', Password: 'x'.repeat(100_000) }));
    assertReadable(secret, 400, 'InvalidParameterException', /Value at 'password' failed to satisfy constraint/);
    assert.doesNotMatch(String(secret.json['message']), /xxxx/);
  });

  it('SDK v3: a 10 MB body → SerializationException, no reset connection', async () => {
    const err = await s.client.send(new CreateUserPoolCommand({ PoolName: 'x'.repeat(TEN_MB) })).catch((e: unknown) => e);
    assert.ok(err instanceof CognitoIdentityProviderServiceException, String(err));
    assert.equal(err.name, 'SerializationException');
    assert.match(err.message, /too large: the limit is 1048576 bytes/);
  });

  it('raw: 10 MB as JSON 1.1, chunked JSON and a form POST → readable SerializationException; the connection serves on', async () => {
    const big = Buffer.alloc(TEN_MB, 'a');
    assertReadable(await raw(s.url, 'POST', '/', json('CreateUserPool'), big), 400, 'SerializationException', /too large/);
    assertReadable(await raw(s.url, 'POST', '/', json('CreateUserPool', { 'transfer-encoding': 'chunked' }), big), 400, 'SerializationException', /too large/);
    const form = `Action=CreateUserPool&PoolName=${'b'.repeat(TEN_MB)}`;
    assertReadable(await raw(s.url, 'POST', '/', { 'content-type': 'application/x-www-form-urlencoded' }, form), 400, 'SerializationException', /too large/);
  });

  it('raw: long unknown X-Amz-Target, long Action, long Version, long URL → bounded errors', async () => {
    const name = 'Z'.repeat(12_000);
    assertReadable(await raw(s.url, 'POST', '/', json(name), '{}'), 400, 'UnknownOperationException', /^Unknown operation Z+\.\.\.$/);
    assertReadable(await raw(s.url, 'GET', `/?Action=${name}`, {}), 400, 'UnknownOperationException', /^Unknown operation Z+\.\.\.$/);
    assertReadable(await raw(s.url, 'GET', `/?Action=ListUserPools&MaxResults=1&Version=${name}`, {}), 400, 'InvalidParameterException', /Unsupported Version Z+\.\.\./);
    assertReadable(await raw(s.url, 'GET', `/${'p/'.repeat(6000)}`, {}), 404, 'UnknownOperationException', /No route for GET \/p\/p.*\.\.\.:/);
  });

  it('curl: reads the long-value error and the 10 MB answer (with and without Expect: 100-continue)', async () => {
    const longFile = join(dir, 'long.json');
    writeFileSync(longFile, JSON.stringify({ UserPoolId: 'a'.repeat(100_000) }));
    const bigFile = join(dir, 'big.json');
    writeFileSync(bigFile, JSON.stringify({ PoolName: 'a'.repeat(TEN_MB) }));
    const curl = (file: string, ...extra: string[]): Promise<string> =>
      run('curl', ['-sS', '-i', ...extra, '-H', 'content-type: application/x-amz-json-1.1', '-H', `x-amz-target: ${TARGET}DescribeUserPool`, '--data-binary', `@${file}`, `${s.url}/`]);
    const long = await curl(longFile);
    assert.match(long, /^HTTP\/1\.1 400/m);
    assert.match(long, /"__type":"InvalidParameterException"/);
    for (const file of [bigFile]) {
      for (const extra of [[], ['-H', 'Expect:']]) {
        const out = await curl(file, ...extra);
        assert.match(out, /^HTTP\/1\.1 400/m);
        assert.match(out, /"__type":"SerializationException","message":"Request body is too large/);
      }
    }
  });

  it('boto3: reads the long-value error and the 10 MB answer', async () => {
    const script = `
import boto3, json, sys
from botocore.config import Config
c = boto3.client('cognito-idp', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='AKIDTEST', aws_secret_access_key='test-secret', config=Config(retries={'max_attempts': 1}))
out = []
for call in (lambda: c.describe_user_pool(UserPoolId='a' * 100000), lambda: c.create_user_pool(PoolName='x' * (10 * 1024 * 1024))):
    try:
        call()
        out.append(['no error', ''])
    except c.exceptions.ClientError as e:
        out.append([e.response['Error']['Code'], e.response['Error']['Message']])
print(json.dumps(out))
`;
    const out = JSON.parse(await run('python3', ['-c', script, s.url])) as Array<[string, string]>;
    assert.equal(out[0]?.[0], 'InvalidParameterException');
    assert.ok((out[0]?.[1].length ?? Infinity) <= MAX_MESSAGE);
    assert.equal(out[1]?.[0], 'SerializationException');
    assert.match(out[1]?.[1] ?? '', /too large/);
  });

  it('query style: a wrong-case or unknown parameter is named, with the member it meant', async () => {
    const res = await raw(s.url, 'GET', '/?Action=DescribeUserPool&userPoolId=us-east-1_AbCdEfGhI', {});
    assertReadable(res, 400, 'InvalidParameterException', /^Unknown parameter for DescribeUserPool: 'userPoolId' \(did you mean 'UserPoolId'\? names are case-sensitive\)\.$/);
    const form = await raw(s.url, 'POST', '/', { 'content-type': 'application/x-www-form-urlencoded' }, 'Action=ListUserPools&MaxResults=5&NextTokn=x');
    assertReadable(form, 400, 'InvalidParameterException', /'NextTokn'/);
    const ok = await raw(s.url, 'GET', '/?Action=ListUserPools&MaxResults=5', {});
    assert.equal(ok.status, 200);
  });
});

describe('SigV4 errors are bounded', () => {
  const v = withServer('sqlite', { signatureMode: 'verify', accessKeys: { AKIDTEST: 'test-secret' } });

  it('SigV4 errors that echo the canonical request stay bounded', async () => {
    const signer = new SignatureV4({ credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'wrong' }, region: 'us-east-1', service: 'cognito-idp', sha256: sha256js.Sha256 });
    const url = new URL(v.url);
    const body = '{}';
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: { host: url.host, ...json('ListUserPools'), 'x-amz-meta-long': 'm'.repeat(9000) },
      body,
    });
    const res = await fetch(v.url, { method: 'POST', headers: signed.headers, body });
    const rawHeaders = [...res.headers].flat();
    assertReadable({ status: res.status, rawHeaders, json: (await res.json()) as Record<string, unknown> }, 400, 'InvalidSignatureException');
  });
});

describe('echoed request values stay out of oversized headers (CORS, OAuth redirects)', () => {
  const s = withServer('sqlite');

  const headersUnder8K = (res: Response): void => {
    for (const [name, value] of res.headers) assert.ok(name.length + value.length + 2 < MAX_HEADER, `header ${name} is ${value.length} bytes`);
  };

  it('a long Origin or Access-Control-Request-Headers is not echoed', async () => {
    const pre = await fetch(s.url, { method: 'OPTIONS', headers: { origin: `http://${'o'.repeat(9000)}.localhost`, 'access-control-request-method': 'POST' } });
    assert.equal(pre.status, 204);
    headersUnder8K(pre);
    assert.equal(pre.headers.get('access-control-allow-origin'), '*');
    const pre2 = await fetch(s.url, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': `x-${'h'.repeat(9000)}` } });
    assert.equal(pre2.status, 204);
    headersUnder8K(pre2);
  });

  it('a long state, response_type or scope never reaches the Location header', async () => {
    const pool = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'echo' }))).UserPool!.Id!;
    const { CreateUserPoolClientCommand } = await import('@aws-sdk/client-cognito-identity-provider');
    const client = (
      await s.client.send(
        new CreateUserPoolClientCommand({ UserPoolId: pool, ClientName: 'web', AllowedOAuthFlowsUserPoolClient: true, AllowedOAuthFlows: ['code'], AllowedOAuthScopes: ['openid'], CallbackURLs: ['http://localhost:3000/cb'] }),
      )
    ).UserPoolClient!.ClientId!;
    const base = { client_id: client, redirect_uri: 'http://localhost:3000/cb' };
    const long = 'x'.repeat(9000);
    for (const extra of [{ response_type: 'code', state: long }, { response_type: long }, { response_type: 'code', scope: long }, { response_type: 'code', code_challenge: 'c', code_challenge_method: long }]) {
      const res = await fetch(`${s.url}/oauth2/authorize?${new URLSearchParams({ ...base, ...extra })}`, { redirect: 'manual' });
      headersUnder8K(res);
      assert.ok(res.status === 302 || res.status === 400, String(res.status));
    }
  });
});
