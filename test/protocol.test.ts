// The wire, end to end: raw HTTP (fetch) against the real server. SQLite is enough here: nothing
// below depends on the storage engine.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SignatureV4 } from '@smithy/signature-v4';
import sha256js from '@aws-crypto/sha256-js';
import {
  CognitoIdentityProviderClient,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  ListUserPoolsCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadConfig } from '../src/config/config.ts';
import { rawCall, startTestServer, withServer } from './helpers/server.ts';
import { rejectsWith } from './helpers/errors.ts';

const { Sha256 } = sha256js;

interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  json: Record<string, unknown>;
}

async function send(url: string, init: RequestInit = {}): Promise<RawResponse> {
  const res = await fetch(url, init);
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // not JSON: the assertions on `text` say so
  }
  return { status: res.status, headers: res.headers, text, json };
}

function query(params: Record<string, string>): string {
  return new URLSearchParams(params).toString();
}

function assertAwsError(res: { status: number; headers: Headers; json: Record<string, unknown> }, type: string, message?: string | RegExp): void {
  assert.equal(res.status, type === 'InternalErrorException' ? 500 : 400, `status for ${JSON.stringify(res.json)}`);
  assert.equal(res.json['__type'], type, JSON.stringify(res.json));
  assert.equal(typeof res.json['message'], 'string');
  if (typeof message === 'string') assert.equal(res.json['message'], message);
  else if (message) assert.match(String(res.json['message']), message);
  assert.equal(res.headers.get('x-amzn-errortype'), type);
  assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
  assert.match(res.headers.get('content-type') ?? '', /^application\/x-amz-json-1\.1/);
}

describe('protocol: query style (GET and form POST)', () => {
  const s = withServer('sqlite');

  it('GET /?Action=CreateUserPool and DescribeUserPool answer the same JSON as JSON 1.1', async () => {
    const created = await send(`${s.url}/?${query({ Action: 'CreateUserPool', PoolName: 'viaGet' })}`);
    assert.equal(created.status, 200, created.text);
    assert.match(created.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    const pool = created.json['UserPool'] as Record<string, unknown>;
    assert.equal(pool['Name'], 'viaGet');
    const id = String(pool['Id']);
    assert.match(id, /^us-east-1_[0-9a-zA-Z]+$/);

    const viaGet = await send(`${s.url}/?${query({ Action: 'DescribeUserPool', UserPoolId: id })}`);
    const viaJson = await rawCall(s.url, 'DescribeUserPool', { UserPoolId: id });
    assert.equal(viaGet.status, 200);
    assert.equal(viaJson.status, 200);
    assert.deepEqual(viaGet.json, viaJson.json);
    assert.equal(viaGet.headers.get('content-type'), viaJson.headers.get('content-type'));
    // And the SDK reads what the query style created.
    const sdk = await s.client.send(new DescribeUserPoolCommand({ UserPoolId: id }));
    assert.equal(sdk.UserPool?.Name, 'viaGet');
  });

  it('form-encoded POST / with Action= works', async () => {
    const res = await send(`${s.url}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
      body: query({ Action: 'CreateUserPool', PoolName: 'viaForm', Version: '2016-04-18' }),
    });
    assert.equal(res.status, 200, res.text);
    assert.equal((res.json['UserPool'] as Record<string, unknown>)['Name'], 'viaForm');
  });

  it('takes structured members as one JSON-encoded parameter', async () => {
    const res = await send(
      `${s.url}/?${query({
        Action: 'CreateUserPool',
        PoolName: 'jsonParams',
        Policies: JSON.stringify({ PasswordPolicy: { MinimumLength: 12, RequireSymbols: false } }),
        AutoVerifiedAttributes: JSON.stringify(['email']),
        UserPoolTags: JSON.stringify({ team: 'blue' }),
        Schema: JSON.stringify([{ Name: 'tier', AttributeDataType: 'String', Mutable: true }]),
      })}`,
    );
    assert.equal(res.status, 200, res.text);
    const id = String((res.json['UserPool'] as Record<string, unknown>)['Id']);
    const pool = (await s.client.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;
    assert.equal(pool.Policies?.PasswordPolicy?.MinimumLength, 12);
    assert.equal(pool.Policies?.PasswordPolicy?.RequireSymbols, false);
    assert.deepEqual(pool.AutoVerifiedAttributes, ['email']);
    assert.deepEqual(pool.UserPoolTags, { team: 'blue' });
    assert.ok(pool.SchemaAttributes?.some((a) => a.Name === 'custom:tier'));
  });

  it('takes structured members in AWS query notation', async () => {
    const params = new URLSearchParams([
      ['Action', 'CreateUserPool'],
      ['Version', '2016-04-18'],
      ['PoolName', 'queryNotation'],
      ['Policies.PasswordPolicy.MinimumLength', '10'],
      ['Policies.PasswordPolicy.RequireUppercase', 'false'],
      ['AutoVerifiedAttributes.member.1', 'email'],
      ['UserPoolTags.entry.1.key', 'team'],
      ['UserPoolTags.entry.1.value', 'red'],
      ['UserPoolTags.entry.2.key', 'env'],
      ['UserPoolTags.entry.2.value', 'dev'],
      ['Schema.member.1.Name', 'tier'],
      ['Schema.member.1.AttributeDataType', 'String'],
      ['Schema.member.2.Name', 'level'],
      ['Schema.member.2.AttributeDataType', 'Number'],
    ]);
    const res = await send(`${s.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: params.toString() });
    assert.equal(res.status, 200, res.text);
    const id = String((res.json['UserPool'] as Record<string, unknown>)['Id']);
    const pool = (await s.client.send(new DescribeUserPoolCommand({ UserPoolId: id }))).UserPool!;
    assert.equal(pool.Policies?.PasswordPolicy?.MinimumLength, 10);
    assert.equal(pool.Policies?.PasswordPolicy?.RequireUppercase, false);
    assert.deepEqual(pool.AutoVerifiedAttributes, ['email']);
    assert.deepEqual(pool.UserPoolTags, { team: 'red', env: 'dev' });
    const custom = pool.SchemaAttributes?.filter((a) => a.Name?.startsWith('custom:')).map((a) => [a.Name, a.AttributeDataType]);
    assert.deepEqual(custom, [['custom:tier', 'String'], ['custom:level', 'Number']]);
  });

  it('accepts Version=2016-04-18 and rejects other versions', async () => {
    const id = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'versions' }))).UserPool!.Id!;
    const ok = await send(`${s.url}/?${query({ Action: 'DescribeUserPool', UserPoolId: id, Version: '2016-04-18' })}`);
    assert.equal(ok.status, 200, ok.text);
    assert.equal((ok.json['UserPool'] as Record<string, unknown>)['Id'], id);
    const bad = await send(`${s.url}/?${query({ Action: 'DescribeUserPool', UserPoolId: id, Version: '2015-01-01' })}`);
    assertAwsError(bad, 'InvalidParameterException', /2015-01-01/);
  });

  it('answers UnknownOperationException for an unknown Action', async () => {
    const res = await send(`${s.url}/?${query({ Action: 'MakeCoffee' })}`);
    assertAwsError(res, 'UnknownOperationException', /MakeCoffee/);
    const form = await send(`${s.url}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=MakeCoffee' });
    assertAwsError(form, 'UnknownOperationException', /MakeCoffee/);
  });

  it('reports validation errors exactly as JSON 1.1 does', async () => {
    const viaGet = await send(`${s.url}/?${query({ Action: 'DescribeUserPool', UserPoolId: 'bad id' })}`);
    const viaJson = await rawCall(s.url, 'DescribeUserPool', { UserPoolId: 'bad id' });
    const expected =
      "1 validation error detected: Value 'bad id' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+";
    assertAwsError(viaGet, 'InvalidParameterException', expected);
    assertAwsError(viaJson as RawResponse, 'InvalidParameterException', expected);
    // A scalar that cannot be converted is a SerializationException, not a 500.
    const notInt = await send(`${s.url}/?${query({ Action: 'ListUserPools', MaxResults: 'ten' })}`);
    assertAwsError(notInt, 'SerializationException');
    const badJsonParam = await send(`${s.url}/?${query({ Action: 'CreateUserPool', PoolName: 'x', Policies: '{not json' })}`);
    assertAwsError(badJsonParam, 'SerializationException', /Policies/);
  });

  it('reports a missing Action', async () => {
    const res = await send(`${s.url}/?PoolName=x`);
    assert.equal(res.status, 400);
    assert.equal(typeof res.json['__type'], 'string');
    assert.match(String(res.json['message']), /Action/);
  });
});

describe('protocol: JSON 1.1 errors', () => {
  const s = withServer('sqlite');

  it('success carries x-amzn-RequestId', async () => {
    const created = await rawCall(s.url, 'CreateUserPool', { PoolName: 'ids' });
    assert.equal(created.status, 200);
    const id = String((created.json['UserPool'] as Record<string, unknown>)['Id']);
    const res = await rawCall(s.url, 'DescribeUserPool', { UserPoolId: id });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
    assert.notEqual(res.headers.get('x-amzn-requestid'), created.headers.get('x-amzn-requestid'));
    assert.equal(res.headers.get('x-amzn-errortype'), null);
    assert.equal((res.json['UserPool'] as Record<string, unknown>)['Name'], 'ids');
  });

  it('malformed JSON → 400 SerializationException', async () => {
    assertAwsError((await rawCall(s.url, 'ListUserPools', '{"MaxResults": ')) as RawResponse, 'SerializationException');
  });

  it('a body that is not an object → SerializationException', async () => {
    for (const body of ['[1,2]', '"text"', '42', 'null']) {
      assertAwsError((await rawCall(s.url, 'ListUserPools', body)) as RawResponse, 'SerializationException');
    }
  });

  it('a member of the wrong type → SerializationException', async () => {
    assertAwsError((await rawCall(s.url, 'DescribeUserPool', { UserPoolId: 5 })) as RawResponse, 'SerializationException', 'NUMBER_VALUE can not be converted to a String');
    assertAwsError((await rawCall(s.url, 'ListUserPools', { MaxResults: '5' })) as RawResponse, 'SerializationException', 'STRING_VALUE can not be converted to an Integer');
    assertAwsError((await rawCall(s.url, 'CreateUserPool', { PoolName: 'x', Policies: [] })) as RawResponse, 'SerializationException', 'Start of list found where not expected.');
  });

  it('unknown X-Amz-Target → UnknownOperationException', async () => {
    assertAwsError((await rawCall(s.url, 'MakeCoffee', {})) as RawResponse, 'UnknownOperationException', /MakeCoffee/);
    const otherService = await rawCall(s.url, 'x', {}, { 'x-amz-target': 'AmazonS3.ListBuckets' });
    assertAwsError(otherService as RawResponse, 'UnknownOperationException');
  });

  it('constraint failures → InvalidParameterException with AWS messages', async () => {
    assertAwsError(
      (await rawCall(s.url, 'DescribeUserPool', { UserPoolId: 'bad id' })) as RawResponse,
      'InvalidParameterException',
      "1 validation error detected: Value 'bad id' at 'userPoolId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+_[0-9a-zA-Z]+",
    );
    assertAwsError(
      (await rawCall(s.url, 'DescribeUserPool', {})) as RawResponse,
      'InvalidParameterException',
      "1 validation error detected: Value null at 'userPoolId' failed to satisfy constraint: Member must not be null",
    );
    assertAwsError(
      (await rawCall(s.url, 'ListUserPools', { MaxResults: 0 })) as RawResponse,
      'InvalidParameterException',
      "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
  });

  it('a model operation without a handler → UnsupportedOperationException naming it', async () => {
    // Terms documents are not implemented by Userpool (yet): the answer must say so, never fake success.
    const res = await rawCall(s.url, 'ListTerms', { UserPoolId: 'us-east-1_abcdefghi' });
    assertAwsError(res as RawResponse, 'UnsupportedOperationException', /ListTerms/);
  });

  it('an oversize body → 400 with a clear error, not a 500', async () => {
    const big = JSON.stringify({ PoolName: 'x'.repeat(1024 * 1024 + 10) });
    const res = await rawCall(s.url, 'CreateUserPool', big);
    assert.equal(res.status, 400);
    assert.equal(res.json['__type'], 'SerializationException');
    assert.match(String(res.json['message']), /too large/);
    assert.equal(res.headers.get('x-amzn-errortype'), 'SerializationException');
    assert.match(res.headers.get('x-amzn-requestid') ?? '', /^[0-9a-f-]{36}$/);
  });

  it('GET /health → 200', async () => {
    const res = await send(`${s.url}/health`);
    assert.equal(res.status, 200);
    assert.equal(res.json['status'], 'ok');
  });

  it('an unknown path answers an AWS-shaped 404, not an HTML page', async () => {
    const res = await send(`${s.url}/no/such/path`, { method: 'POST', body: '{}' });
    assert.equal(res.status, 404);
    assert.equal(res.json['__type'], 'UnknownOperationException');
    assert.match(String(res.json['message']), /No route for POST \/no\/such\/path/);
    assert.equal(res.headers.get('x-amzn-errortype'), 'UnknownOperationException');
  });
});

describe('protocol: CORS', () => {
  const s = withServer('sqlite');

  it('answers an OPTIONS preflight with 204 and the allow headers', async () => {
    const res = await fetch(`${s.url}/`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://app.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-amz-target,x-amz-user-agent',
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get('access-control-allow-origin'), 'http://app.example');
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /POST/);
    assert.match(res.headers.get('access-control-allow-methods') ?? '', /GET/);
    assert.equal(res.headers.get('access-control-allow-headers'), 'content-type,x-amz-target,x-amz-user-agent');
    // Preflight for any path (OAuth endpoints too).
    const other = await fetch(`${s.url}/oauth2/token`, { method: 'OPTIONS', headers: { origin: 'http://app.example', 'access-control-request-method': 'POST' } });
    assert.equal(other.status, 204);
  });

  it('exposes the x-amzn headers on actual responses, success and error', async () => {
    // IAM operations answer pages of configured origins only (accept mode: http://localhost:* by default).
    const ok = await rawCall(s.url, 'ListUserPools', { MaxResults: 1 }, { origin: 'http://localhost:3000' });
    assert.equal(ok.headers.get('access-control-allow-origin'), 'http://localhost:3000');
    const exposed = (ok.headers.get('access-control-expose-headers') ?? '').toLowerCase();
    for (const h of ['x-amzn-requestid', 'x-amzn-errortype', 'x-amzn-errormessage']) assert.ok(exposed.includes(h), `${h} exposed`);
    // Public operations answer every origin.
    const err = await rawCall(s.url, 'InitiateAuth', { ClientId: 'nope1234567890', AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'a', PASSWORD: 'b' } }, { origin: 'http://app.example' });
    assert.equal(err.status, 400);
    assert.equal(err.headers.get('access-control-allow-origin'), 'http://app.example');
    assert.ok((err.headers.get('access-control-expose-headers') ?? '').toLowerCase().includes('x-amzn-errortype'));
  });
});

describe('protocol: SigV4 verify mode', () => {
  const s = withServer('sqlite', { signatureMode: 'verify', accessKeys: { AKIDTEST: 'test-secret' } });
  const clients: CognitoIdentityProviderClient[] = [];
  const clientWith = (accessKeyId: string, secretAccessKey: string): CognitoIdentityProviderClient => {
    const c = new CognitoIdentityProviderClient({ region: 'us-east-1', endpoint: s.url, credentials: { accessKeyId, secretAccessKey }, maxAttempts: 1 });
    clients.push(c);
    return c;
  };
  after(() => {
    for (const c of clients) c.destroy();
  });

  it('the SDK with the configured key works', async () => {
    const created = await s.client.send(new CreateUserPoolCommand({ PoolName: 'signed' }));
    assert.ok(created.UserPool?.Id);
    const described = await s.client.send(new DescribeUserPoolCommand({ UserPoolId: created.UserPool.Id }));
    assert.equal(described.UserPool?.Name, 'signed');
  });

  it('a wrong secret → InvalidSignatureException', async () => {
    await rejectsWith(clientWith('AKIDTEST', 'wrong-secret').send(new ListUserPoolsCommand({ MaxResults: 1 })), 'InvalidSignatureException', /signature we calculated does not match/);
  });

  it('an unknown access key → UnrecognizedClientException', async () => {
    await rejectsWith(clientWith('AKIDOTHER', 'test-secret').send(new ListUserPoolsCommand({ MaxResults: 1 })), 'UnrecognizedClientException', 'The security token included in the request is invalid.');
  });

  it('an unsigned call to a SigV4 operation → MissingAuthenticationTokenException', async () => {
    assertAwsError((await rawCall(s.url, 'ListUserPools', { MaxResults: 1 })) as RawResponse, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
    assertAwsError(await send(`${s.url}/?${query({ Action: 'ListUserPools', MaxResults: '1' })}`), 'MissingAuthenticationTokenException');
  });

  it('an unauthenticated operation is not rejected for lack of a signature', async () => {
    const res = await rawCall(s.url, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'abcdefghij1234567890', AuthParameters: { USERNAME: 'u', PASSWORD: 'p' } });
    assert.equal(res.status, 400);
    const type = String(res.json['__type']);
    assert.ok(
      !['MissingAuthenticationTokenException', 'InvalidSignatureException', 'IncompleteSignatureException', 'UnrecognizedClientException'].includes(type),
      `rejected for its signature: ${type}`,
    );
    assert.ok(['ResourceNotFoundException', 'UnsupportedOperationException'].includes(type), type);
    // The SDK sends it unsigned too (authtype none), even with credentials configured.
    await assert.rejects(
      s.client.send(new InitiateAuthCommand({ AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'abcdefghij1234567890', AuthParameters: { USERNAME: 'u', PASSWORD: 'p' } })),
      (e: Error) => {
        assert.ok(['ResourceNotFoundException', 'UnsupportedOperationException'].includes(e.name), e.name);
        return true;
      },
    );
  });

  it('a presigned GET ?Action=DescribeUserPool works', async () => {
    const id = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'presigned' }))).UserPool!.Id!;
    const { hostname, port } = new URL(s.url);
    const signer = new SignatureV4({ credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' }, region: 'us-east-1', service: 'cognito-idp', sha256: Sha256 });
    const presign = (secret: SignatureV4) =>
      secret.presign(
        { method: 'GET', protocol: 'http:', hostname, port: Number(port), path: '/', query: { Action: 'DescribeUserPool', UserPoolId: id }, headers: { host: `${hostname}:${port}` } },
        { expiresIn: 300 },
      );
    const toUrl = (req: { path: string; query?: Record<string, string | string[] | null> }): string => {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(req.query ?? {})) for (const item of Array.isArray(v) ? v : [v ?? '']) qs.append(k, item);
      // URLSearchParams writes spaces as '+', which SigV4 canonicalises differently; none occur here.
      return `${s.url}${req.path}?${qs.toString()}`;
    };
    const signed = await presign(signer);
    const res = await send(toUrl(signed));
    assert.equal(res.status, 200, res.text);
    assert.equal((res.json['UserPool'] as Record<string, unknown>)['Name'], 'presigned');

    // Tampering with a signed parameter breaks it.
    const tampered = toUrl({ ...signed, query: { ...(signed.query as Record<string, string>), UserPoolId: `${id.slice(0, -1)}X` } });
    assertAwsError(await send(tampered), 'InvalidSignatureException');
    // A wrong secret too.
    const wrong = new SignatureV4({ credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'nope' }, region: 'us-east-1', service: 'cognito-idp', sha256: Sha256 });
    assertAwsError(await send(toUrl(await presign(wrong))), 'InvalidSignatureException');
  });
});

describe('config', () => {
  it('refuses verify mode without access keys', () => {
    assert.throws(() => loadConfig({}, { signatureMode: 'verify' }), /access keys/);
    assert.throws(() => loadConfig({ USERPOOL_SIGV4: 'verify' }), /access keys/);
    // verify is the default off loopback.
    assert.throws(() => loadConfig({ HOST: '0.0.0.0' }), /access keys/);
    assert.equal(loadConfig({ HOST: '0.0.0.0', USERPOOL_ACCESS_KEYS: 'AKID:secret' }).signatureMode, 'verify');
    assert.equal(loadConfig({}).signatureMode, 'accept');
  });

  it('the server does not start in verify mode without keys', async () => {
    await assert.rejects(startTestServer('sqlite', { signatureMode: 'verify' }), /access keys/);
  });
});
