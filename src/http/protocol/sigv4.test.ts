import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignatureV4 } from '@smithy/signature-v4';
import sha256js from '@aws-crypto/sha256-js';
import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { CognitoErrorName } from '../../domain/errors.ts';
import { cognitoError } from '../../../test/helpers/errors.ts';
import { hasSigV4Credentials, readCredentialScope, verifySigV4, type SignedRequest } from './sigv4.ts';

const { Sha256 } = sha256js;

const KEY = 'AKIDEXAMPLE';
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const secretFor = (id: string): string | undefined => (id === KEY ? SECRET : undefined);
const T0 = new Date('2025-01-01T12:00:00Z');
const BODY = '{"UserPoolId":"us-east-1_AbCdEfGhI","Username":"jane"}';
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. ' +
  'Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

let server: http.Server;
let port = 0;
let lastCaptured: SignedRequest | undefined;

/** Sends the request over real HTTP so the verifier sees exactly what node hands the server. */
async function throughNode(method: string, pathAndQuery: string, headers: Record<string, string>, body: Buffer): Promise<SignedRequest> {
  await new Promise<void>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path: pathAndQuery, headers }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    req.on('error', reject);
    req.end(body);
  });
  return captured();
}

function captured(): SignedRequest {
  assert.ok(lastCaptured, 'the echo server received no request');
  return lastCaptured;
}

function rfc3986(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function buildQuery(query: Record<string, string | string[] | null> | undefined): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(v) ? v : [v ?? '']) parts.push(`${rfc3986(k)}=${rfc3986(item)}`);
  }
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

function signer(accessKeyId = KEY, region = 'us-east-1'): SignatureV4 {
  return new SignatureV4({
    credentials: { accessKeyId, secretAccessKey: SECRET },
    region,
    service: 'cognito-idp',
    sha256: Sha256,
    applyChecksum: true,
  });
}

/** A JSON 1.1 POST as the JS v3 SDK signs it, received through node. */
async function smithyPost(
  opts: { accessKeyId?: string; region?: string; path?: string; signingDate?: Date; extraHeaders?: Record<string, string> } = {},
): Promise<SignedRequest> {
  const body = Buffer.from(BODY);
  const signed = await signer(opts.accessKeyId, opts.region).sign(
    {
      method: 'POST',
      protocol: 'http:',
      hostname: 'localhost',
      port,
      path: opts.path ?? '/',
      query: {},
      headers: {
        host: `localhost:${port}`,
        'content-type': 'application/x-amz-json-1.1',
        'content-length': String(body.length),
        'x-amz-target': 'AWSCognitoIdentityProviderService.AdminGetUser',
        'amz-sdk-invocation-id': '6b5e2a3c-0d7e-4f1b-9a8c-1d2e3f4a5b6c',
        'amz-sdk-request': 'attempt=1; max=3',
        'x-amz-user-agent': 'aws-sdk-js/3.0.0',
        ...opts.extraHeaders,
      },
      body,
    },
    { signingDate: opts.signingDate ?? T0 },
  );
  return throughNode('POST', opts.path ?? '/', signed.headers, body);
}

async function smithyPresignedGet(expiresIn = 300): Promise<SignedRequest> {
  const presigned = await signer().presign(
    {
      method: 'GET',
      protocol: 'http:',
      hostname: 'localhost',
      port,
      path: '/',
      query: { Action: 'ListUsers', UserPoolId: 'us-east-1_AbCdEfGhI', Filter: 'email ^= "ja"', Limit: '10' },
      headers: { host: `localhost:${port}` },
    },
    { signingDate: T0, expiresIn },
  );
  return throughNode('GET', `${presigned.path}${buildQuery(presigned.query)}`, presigned.headers, Buffer.alloc(0));
}

function expectApiError(fn: () => unknown, type: CognitoErrorName, message?: string | RegExp): void {
  assert.throws(fn, cognitoError(type, message));
}

function withHeaders(req: SignedRequest, changes: Record<string, string | string[] | undefined>): SignedRequest {
  return { ...req, headers: { ...req.headers, ...changes } };
}

before(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      lastCaptured = { method: req.method ?? '', rawUrl: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

after(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('@smithy/signature-v4 (AWS SDK for JavaScript v3)', () => {
  test('signed JSON 1.1 POST verifies and yields the scope', async () => {
    const req = await smithyPost();
    assert.equal(typeof req.headers['x-amz-content-sha256'], 'string');
    assert.ok(hasSigV4Credentials(req));
    assert.deepEqual(verifySigV4(req, secretFor, T0), { accessKeyId: KEY, region: 'us-east-1', service: 'cognito-idp' });
    assert.deepEqual(readCredentialScope(req), { accessKeyId: KEY, region: 'us-east-1', service: 'cognito-idp' });
  });

  test('region comes from the credential scope', async () => {
    const req = await smithyPost({ region: 'eu-west-3' });
    assert.equal(verifySigV4(req, secretFor, T0).region, 'eu-west-3');
  });

  test('encoded path is canonicalised like the SDK (double encoding)', async () => {
    const req = await smithyPost({ path: '/some%20path/./a~b/' });
    assert.deepEqual(verifySigV4(req, secretFor, T0).accessKeyId, KEY);
  });

  test('header values: whitespace trimmed and folded, multiple values joined with ","', async () => {
    const req = await smithyPost({ extraHeaders: { 'x-amz-meta-note': '  a    b\t c  ', 'x-amz-meta-list': 'one,two' } });
    verifySigV4(req, secretFor, T0);
    verifySigV4(withHeaders(req, { 'x-amz-meta-list': ['one', ' two '] }), secretFor, T0);
  });

  test('presigned GET verifies', async () => {
    const req = await smithyPresignedGet();
    assert.equal(req.headers.authorization, undefined);
    assert.ok(hasSigV4Credentials(req));
    assert.deepEqual(readCredentialScope(req), { accessKeyId: KEY, region: 'us-east-1', service: 'cognito-idp' });
    assert.deepEqual(verifySigV4(req, secretFor, T0), { accessKeyId: KEY, region: 'us-east-1', service: 'cognito-idp' });
  });

  test('presigned GET: tampered parameter and expiry', async () => {
    const req = await smithyPresignedGet(300);
    expectApiError(
      () => verifySigV4({ ...req, rawUrl: req.rawUrl.replace('Limit=10', 'Limit=60') }, secretFor, T0),
      'InvalidSignatureException',
      MISMATCH,
    );
    verifySigV4(req, secretFor, new Date(T0.getTime() + 300_000));
    expectApiError(
      () => verifySigV4(req, secretFor, new Date(T0.getTime() + 301_000)),
      'InvalidSignatureException',
      'Signature expired: 20250101T120000Z is now earlier than 20250101T120001Z (20250101T120501Z - 300 sec.)',
    );
  });

  test('presigned GET missing X-Amz-Signature is incomplete', async () => {
    const req = await smithyPresignedGet();
    const rawUrl = req.rawUrl.replace(/&?X-Amz-Signature=[0-9a-f]+/, '');
    expectApiError(
      () => verifySigV4({ ...req, rawUrl }, secretFor, T0),
      'IncompleteSignatureException',
      "AWS query-string parameters must include 'X-Amz-Signature'. Re-examine the query-string parameters.",
    );
  });

  test('tampered body, header, signature or method → InvalidSignatureException', async () => {
    const req = await smithyPost();
    expectApiError(
      () => verifySigV4({ ...req, body: Buffer.from(BODY.replace('jane', 'john')) }, secretFor, T0),
      'InvalidSignatureException',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
    );
    const tamperedBody = Buffer.from(BODY.replace('jane', 'john'));
    const rehashed = withHeaders(
      { ...req, body: tamperedBody },
      { 'x-amz-content-sha256': createHash('sha256').update(tamperedBody).digest('hex') },
    );
    expectApiError(() => verifySigV4(rehashed, secretFor, T0), 'InvalidSignatureException', MISMATCH);
    expectApiError(
      () => verifySigV4(withHeaders(req, { 'x-amz-target': 'AWSCognitoIdentityProviderService.AdminDeleteUser' }), secretFor, T0),
      'InvalidSignatureException',
      MISMATCH,
    );
    expectApiError(
      () => verifySigV4(withHeaders(req, { host: 'evil.example:443' }), secretFor, T0),
      'InvalidSignatureException',
      MISMATCH,
    );
    const auth = String(req.headers.authorization);
    const flipped = auth.replace(/Signature=([0-9a-f])/, (_m, c: string) => `Signature=${c === '0' ? '1' : '0'}`);
    expectApiError(() => verifySigV4(withHeaders(req, { authorization: flipped }), secretFor, T0), 'InvalidSignatureException', MISMATCH);
    expectApiError(
      () => verifySigV4(withHeaders(req, { authorization: auth.replace(/Signature=.*$/, 'Signature=abc') }), secretFor, T0),
      'InvalidSignatureException',
      MISMATCH,
    );
    expectApiError(() => verifySigV4({ ...req, method: 'PUT' }, secretFor, T0), 'InvalidSignatureException', MISMATCH);
  });

  test('wrong secret → InvalidSignatureException', async () => {
    const req = await smithyPost();
    expectApiError(() => verifySigV4(req, () => 'not-the-secret', T0), 'InvalidSignatureException', MISMATCH);
  });

  test('unknown access key → UnrecognizedClientException', async () => {
    const req = await smithyPost({ accessKeyId: 'AKIDUNKNOWN' });
    expectApiError(
      () => verifySigV4(req, secretFor, T0),
      'UnrecognizedClientException',
      'The security token included in the request is invalid.',
    );
  });

  test('X-Amz-Date more than 15 minutes off → Signature expired / not yet current', async () => {
    const req = await smithyPost();
    verifySigV4(req, secretFor, new Date(T0.getTime() + 15 * 60_000));
    verifySigV4(req, secretFor, new Date(T0.getTime() - 15 * 60_000));
    expectApiError(
      () => verifySigV4(req, secretFor, new Date(T0.getTime() + 16 * 60_000)),
      'InvalidSignatureException',
      'Signature expired: 20250101T120000Z is now earlier than 20250101T120100Z (20250101T121600Z - 15 min.)',
    );
    expectApiError(
      () => verifySigV4(req, secretFor, new Date(T0.getTime() - 16 * 60_000)),
      'InvalidSignatureException',
      'Signature not yet current: 20250101T120000Z is still later than 20250101T115900Z (20250101T114400Z + 15 min.)',
    );
  });

  test('signing-key cache stays correct past its bound', async () => {
    const regions = Array.from({ length: 260 }, (_, i) => `xx-test-${i}`);
    for (const region of regions) {
      const signed = await signer(KEY, region).sign(
        { method: 'POST', protocol: 'http:', hostname: 'localhost', path: '/', query: {}, headers: { host: 'localhost' }, body: '{}' },
        { signingDate: T0 },
      );
      const req: SignedRequest = { method: 'POST', rawUrl: '/', headers: signed.headers, body: Buffer.from('{}') };
      assert.equal(verifySigV4(req, secretFor, T0).region, region);
    }
  });
});

describe('real SDK client', () => {
  test('CognitoIdentityProviderClient AdminGetUser request verifies', async () => {
    const client = new CognitoIdentityProviderClient({
      region: 'ap-southeast-2',
      endpoint: `http://127.0.0.1:${port}`,
      credentials: { accessKeyId: KEY, secretAccessKey: SECRET, sessionToken: 'session-token-xyz' },
      maxAttempts: 1,
    });
    lastCaptured = undefined;
    await client.send(new AdminGetUserCommand({ UserPoolId: 'ap-southeast-2_AbCdEfGhI', Username: 'jane' }));
    client.destroy();
    const req = captured();
    assert.equal(req.headers['x-amz-security-token'], 'session-token-xyz');
    assert.deepEqual(verifySigV4(req, secretFor, new Date()), {
      accessKeyId: KEY,
      region: 'ap-southeast-2',
      service: 'cognito-idp',
    });
  });
});

describe('missing and malformed credentials', () => {
  const base: SignedRequest = {
    method: 'POST',
    rawUrl: '/',
    headers: { host: 'localhost:9229', 'x-amz-date': '20250101T120000Z' },
    body: Buffer.from('{}'),
  };
  const SCOPE = `${KEY}/20250101/us-east-1/cognito-idp/aws4_request`;
  const SIG = 'a'.repeat(64);

  test('no Authorization header and no presigned query → MissingAuthenticationTokenException', () => {
    assert.equal(hasSigV4Credentials(base), false);
    assert.equal(readCredentialScope(base), undefined);
    expectApiError(() => verifySigV4(base, secretFor, T0), 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    const queryOnly = { ...base, rawUrl: '/?Action=ListUsers&UserPoolId=x' };
    expectApiError(() => verifySigV4(queryOnly, secretFor, T0), 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  });

  test('Authorization without Signature/SignedHeaders → IncompleteSignatureException', () => {
    const req = withHeaders(base, { authorization: `AWS4-HMAC-SHA256 Credential=${SCOPE}` });
    assert.ok(hasSigV4Credentials(req));
    expectApiError(
      () => verifySigV4(req, secretFor, T0),
      'IncompleteSignatureException',
      "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.",
    );
  });

  test('non-SigV4 Authorization (Bearer) → IncompleteSignatureException listing every requirement', () => {
    const req = withHeaders(base, { authorization: 'Bearer eyJhbGciOi.x.y', 'x-amz-date': undefined });
    assert.equal(hasSigV4Credentials(req), false);
    expectApiError(
      () => verifySigV4(req, secretFor, T0),
      'IncompleteSignatureException',
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. " +
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  });

  test('missing X-Amz-Date and Date → IncompleteSignatureException', () => {
    const req = withHeaders(base, {
      authorization: `AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=host;x-amz-date, Signature=${SIG}`,
      'x-amz-date': undefined,
    });
    expectApiError(
      () => verifySigV4(req, secretFor, T0),
      'IncompleteSignatureException',
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  });

  test('bad credential scope → IncompleteSignatureException', () => {
    const auth = (credential: string): SignedRequest =>
      withHeaders(base, { authorization: `AWS4-HMAC-SHA256 Credential=${credential},SignedHeaders=host;x-amz-date,Signature=${SIG}` });
    expectApiError(
      () => verifySigV4(auth(`${KEY}/20250101/us-east-1/aws4_request`), secretFor, T0),
      'IncompleteSignatureException',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${KEY}/20250101/us-east-1/aws4_request'`,
    );
    expectApiError(
      () => verifySigV4(auth(`${KEY}/20250101/us-east-1/cognito-idp/aws5_request`), secretFor, T0),
      'IncompleteSignatureException',
      "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'.",
    );
    expectApiError(
      () => verifySigV4(auth(`${KEY}/20250101//cognito-idp/aws4_request`), secretFor, T0),
      'IncompleteSignatureException',
      /valid region/,
    );
    expectApiError(
      () => verifySigV4(auth(`${KEY}/20250102/us-east-1/cognito-idp/aws4_request`), secretFor, T0),
      'InvalidSignatureException',
      "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20250102' != '20250101', from '20250101T120000Z'.",
    );
    assert.equal(readCredentialScope(auth('garbage')), undefined);
  });

  test('Host must be signed; X-Amz-Date must be ISO-8601 basic', () => {
    const noHost = withHeaders(base, {
      authorization: `AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=x-amz-date, Signature=${SIG}`,
    });
    expectApiError(() => verifySigV4(noHost, secretFor, T0), 'IncompleteSignatureException', /'Host'/);
    const badDate = withHeaders(base, {
      authorization: `AWS4-HMAC-SHA256 Credential=${SCOPE}, SignedHeaders=host;x-amz-date, Signature=${SIG}`,
      'x-amz-date': '2025-01-01T12:00:00Z',
    });
    expectApiError(() => verifySigV4(badDate, secretFor, T0), 'IncompleteSignatureException', /ISO-8601 'basic format'/);
  });

  test('presigned query with bad X-Amz-Expires → IncompleteSignatureException', () => {
    const rawUrl =
      `/?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${encodeURIComponent(SCOPE)}` +
      `&X-Amz-Date=20250101T120000Z&X-Amz-Expires=604801&X-Amz-SignedHeaders=host&X-Amz-Signature=${SIG}`;
    const req: SignedRequest = { method: 'GET', rawUrl, headers: { host: 'localhost' }, body: Buffer.alloc(0) };
    assert.ok(hasSigV4Credentials(req));
    assert.equal(readCredentialScope(req)?.region, 'us-east-1');
    expectApiError(() => verifySigV4(req, secretFor, T0), 'IncompleteSignatureException', /X-Amz-Expires/);
  });
});

describe('botocore (boto3 / AWS CLI)', () => {
  interface BotoRequest {
    method: string;
    url: string;
    headers: Record<string, string>;
    body: string;
  }
  const PY = String.raw`
import base64, json, sys
from botocore.auth import SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

a = json.loads(sys.argv[1])
creds = Credentials(a['accessKeyId'], a['secretAccessKey'], a['sessionToken'])
base = a['baseUrl']
json_headers = {
    'Content-Type': 'application/x-amz-json-1.1',
    'X-Amz-Target': 'AWSCognitoIdentityProviderService.AdminGetUser',
}
params = {'Action': 'ListUsers', 'UserPoolId': 'us-east-1_AbCdEfGhI', 'Filter': 'email ^= "ja"', 'Limit': '10'}
out = {}

def emit(name, req):
    p = req.prepare()
    body = p.body or b''
    if isinstance(body, str):
        body = body.encode('utf-8')
    out[name] = {'method': p.method, 'url': p.url, 'headers': dict(p.headers.items()),
                 'body': base64.b64encode(body).decode('ascii')}

r = AWSRequest(method='POST', url=base + '/', data=a['body'].encode('utf-8'), headers=dict(json_headers))
SigV4Auth(creds, 'cognito-idp', 'us-east-1').add_auth(r)
emit('post', r)

r = AWSRequest(method='POST', url=base + '/some%20path/a~b', data=a['body'].encode('utf-8'), headers=dict(json_headers))
SigV4Auth(creds, 'cognito-idp', 'eu-central-1').add_auth(r)
emit('post_path', r)

r = AWSRequest(method='GET', url=base + '/', params=dict(params))
SigV4Auth(creds, 'cognito-idp', 'us-east-1').add_auth(r)
emit('get', r)

r = AWSRequest(method='GET', url=base + '/', params=dict(params))
SigV4QueryAuth(creds, 'cognito-idp', 'us-east-1', expires=300).add_auth(r)
emit('presigned', r)

print(json.dumps(out))
`;
  let boto: Record<string, BotoRequest> = {};

  before(() => {
    const args = { accessKeyId: KEY, secretAccessKey: SECRET, sessionToken: 'boto-session-token', baseUrl: `http://localhost:${port}`, body: BODY };
    boto = JSON.parse(execFileSync('python3', ['-c', PY, JSON.stringify(args)], { encoding: 'utf8' })) as Record<string, BotoRequest>;
  });

  async function receive(name: string): Promise<SignedRequest> {
    const r = boto[name];
    assert.ok(r, `botocore request ${name}`);
    const url = new URL(r.url);
    // botocore leaves Host to the HTTP client.
    return throughNode(r.method, `${url.pathname}${url.search}`, { ...r.headers, Host: url.host }, Buffer.from(r.body, 'base64'));
  }

  test('SigV4Auth POST (signs x-amz-security-token, no x-amz-content-sha256) verifies', async () => {
    const req = await receive('post');
    assert.equal(req.headers['x-amz-content-sha256'], undefined);
    assert.match(String(req.headers.authorization), /SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target,/);
    assert.deepEqual(verifySigV4(req, secretFor, new Date()), { accessKeyId: KEY, region: 'us-east-1', service: 'cognito-idp' });
  });

  test('SigV4Auth POST to an encoded path verifies', async () => {
    const req = await receive('post_path');
    assert.equal(verifySigV4(req, secretFor, new Date()).region, 'eu-central-1');
  });

  test('SigV4Auth GET with query parameters (+ for spaces on the wire) verifies', async () => {
    const req = await receive('get');
    assert.match(req.rawUrl, /Filter=email\+/);
    verifySigV4(req, secretFor, new Date());
    expectApiError(
      () => verifySigV4({ ...req, rawUrl: req.rawUrl.replace('Limit=10', 'Limit=11') }, secretFor, new Date()),
      'InvalidSignatureException',
      MISMATCH,
    );
  });

  test('SigV4QueryAuth presigned GET (UNSIGNED-PAYLOAD) verifies', async () => {
    const req = await receive('presigned');
    assert.equal(req.headers.authorization, undefined);
    assert.equal(readCredentialScope(req)?.region, 'us-east-1');
    verifySigV4(req, secretFor, new Date());
    expectApiError(
      () => verifySigV4(req, secretFor, new Date(Date.now() + 10 * 60_000)),
      'InvalidSignatureException',
      /^Signature expired: /,
    );
  });

  test('tampered body → InvalidSignatureException', async () => {
    const req = await receive('post');
    expectApiError(
      () => verifySigV4({ ...req, body: Buffer.from(BODY.replace('jane', 'jan')) }, secretFor, new Date()),
      'InvalidSignatureException',
      MISMATCH,
    );
  });
});
