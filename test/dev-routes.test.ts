/**
 * The development routes beside the outbox: `GET /_userpool/code` (a user's newest code),
 * `GET /_userpool/messages` across pools, and `POST /_userpool/reset` (every pool, or one) — through
 * the real SDK for everything else (SQLite + PostgreSQL). A page of a foreign origin cannot reset
 * a developer's server; with the outbox off, none of these routes exists.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfirmSignUpCommand, DescribeUserPoolCommand, InitiateAuthCommand, ListUserPoolsCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createClient, createPool } from './helpers/auth.ts';
import { rejectsWith } from './helpers/errors.ts';
import { databases, startTestServer, withServer, type TestServer } from './helpers/server.ts';

const PASSWORD = 'Passw0rd!';

async function signUp(s: TestServer, poolId: string, email: string): Promise<string> {
  const { clientId } = await createClient(s, poolId);
  await s.client.send(new SignUpCommand({ ClientId: clientId, Username: email, Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: email }] }));
  return clientId;
}

const getJson = async (url: string): Promise<{ status: number; body: Record<string, unknown> }> => {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

async function poolIds(s: TestServer): Promise<string[]> {
  return ((await s.client.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools ?? []).map((p) => p.Id!);
}

for (const kind of await databases()) {
  describe(`development routes (${kind})`, () => {
    const s = withServer(kind);

    it('GET /_userpool/code answers the newest code sent to a user (by username or alias), which confirms the sign-up', async () => {
      const poolId = await createPool(s, { PoolName: 'codes', UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] });
      const clientId = await signUp(s, poolId, 'cody@example.com');
      const url = `${s.url}/_userpool/code?userPoolId=${poolId}&username=${encodeURIComponent('Cody@Example.com')}`;
      const first = await getJson(url);
      assert.equal(first.status, 200);
      assert.match(String(first.body['code']), /^\d{6}$/);
      assert.equal(first.body['kind'], 'SIGN_UP');
      assert.equal(first.body['channel'], 'EMAIL');
      await s.client.send(new ConfirmSignUpCommand({ ClientId: clientId, Username: 'cody@example.com', ConfirmationCode: String(first.body['code']) }));
      const auth = await s.client.send(new InitiateAuthCommand({ ClientId: clientId, AuthFlow: 'USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'cody@example.com', PASSWORD } }));
      assert.ok(auth.AuthenticationResult?.IdToken);

      assert.equal((await getJson(`${s.url}/_userpool/code?userPoolId=${poolId}&username=nobody`)).status, 404);
      assert.equal((await getJson(`${s.url}/_userpool/code?userPoolId=us-east-1_nope12345&username=cody`)).status, 404);
      assert.equal((await getJson(`${s.url}/_userpool/code?userPoolId=${poolId}`)).status, 400);
    });

    it('GET /_userpool/messages without a pool lists every pool, newest first, each message naming its pool and user', async () => {
      const a = await createPool(s, { PoolName: 'a', UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] });
      const b = await createPool(s, { PoolName: 'b', UsernameAttributes: ['email'], AutoVerifiedAttributes: ['email'] });
      await signUp(s, a, 'ann@example.com');
      await signUp(s, b, 'ben@example.com');
      const res = await fetch(`${s.url}/_userpool/messages`);
      assert.equal(res.status, 200);
      const all = (await res.json()) as Array<Record<string, unknown>>;
      const ours = all.filter((m) => m['userPoolId'] === a || m['userPoolId'] === b);
      assert.deepEqual(
        ours.map((m) => [m['userPoolId'], m['destination']]),
        [
          [b, 'ben@example.com'],
          [a, 'ann@example.com'],
        ],
      );
      assert.equal(typeof ours[0]!['username'], 'string');
    });

    it('POST /_userpool/reset?userPoolId= deletes that pool only; POST /_userpool/reset deletes every pool', async () => {
      const keep = await createPool(s, { PoolName: 'keep' });
      const gone = await createPool(s, { PoolName: 'gone', DeletionProtection: 'ACTIVE' });
      const one = await fetch(`${s.url}/_userpool/reset?userPoolId=${gone}`, { method: 'POST' });
      assert.equal(one.status, 200);
      assert.deepEqual(await one.json(), { deletedUserPoolIds: [gone], seeded: [] });
      await rejectsWith(s.client.send(new DescribeUserPoolCommand({ UserPoolId: gone })), 'ResourceNotFoundException');
      assert.ok((await poolIds(s)).includes(keep));

      const unknown = await fetch(`${s.url}/_userpool/reset?userPoolId=us-east-1_nope12345`, { method: 'POST' });
      assert.equal(unknown.status, 404);
      assert.deepEqual(await unknown.json(), { message: 'User pool us-east-1_nope12345 does not exist.' });

      const all = await fetch(`${s.url}/_userpool/reset`, { method: 'POST' });
      assert.equal(all.status, 200);
      assert.ok(((await all.json()) as { deletedUserPoolIds: string[] }).deletedUserPoolIds.includes(keep));
      assert.deepEqual(await poolIds(s), []);
      assert.deepEqual(await (await fetch(`${s.url}/_userpool/messages`)).json(), [], 'the outbox went with the pools');
      // The server goes on serving: a new pool after the reset works.
      const next = await createPool(s, { PoolName: 'after-reset' });
      assert.deepEqual(await poolIds(s), [next]);
    });

    it('a page of a foreign origin cannot reset the server (the form POST a malicious page could send is refused, nothing deleted)', async () => {
      const poolId = await createPool(s, { PoolName: 'target' });
      const res = await fetch(`${s.url}/_userpool/reset`, {
        method: 'POST',
        headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
        body: 'x=1',
      });
      assert.equal(res.status, 403);
      assert.ok((await poolIds(s)).includes(poolId), 'the pool is still there');
    });
  });
}

describe('development routes with the outbox off', () => {
  it('answer 404 and delete nothing', async () => {
    const srv = await startTestServer('sqlite', { outboxEndpoint: false });
    try {
      const poolId = await createPool(srv, { PoolName: 'quiet' });
      assert.equal((await fetch(`${srv.url}/_userpool/reset`, { method: 'POST' })).status, 404);
      assert.equal((await fetch(`${srv.url}/_userpool/code?userPoolId=${poolId}&username=x`)).status, 404);
      assert.equal((await fetch(`${srv.url}/_userpool/messages`)).status, 404);
      assert.deepEqual(await poolIds(srv), [poolId]);
    } finally {
      await srv.close();
    }
  });
});
