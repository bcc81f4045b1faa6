import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminDisableUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolCommand,
  ListUsersCommand,
  paginateListUsers,
  type AttributeType,
  type CreateUserPoolCommandInput,
  type ListUsersCommandInput,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { databases, rawCall, withServer } from './helpers/server.ts';
import { rejectsWith } from './helpers/errors.ts';

const attr = (u: UserType, name: string): string | undefined => u.Attributes?.find((a) => a.Name === name)?.Value;
/** A filter value in Cognito's grammar: `"` and `\` escaped with a backslash. */
const quote = (v: string): string => `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`;

for (const kind of await databases()) {
  describe(`ListUsers (${kind})`, () => {
    const s = withServer(kind);
    let poolId: string;
    let counter = 0;

    const newPool = async (input: Partial<CreateUserPoolCommandInput> = {}): Promise<string> => {
      const r = await s.client.send(new CreateUserPoolCommand({ PoolName: `lp${++counter}`, ...input }));
      return r.UserPool!.Id!;
    };
    const create = (Username: string, UserAttributes: AttributeType[] = [], pool = poolId) =>
      s.client.send(new AdminCreateUserCommand({ UserPoolId: pool, Username, MessageAction: 'SUPPRESS', TemporaryPassword: 'Temp-pass1', UserAttributes }));
    const list = (input: Partial<ListUsersCommandInput> = {}, pool = poolId) => s.client.send(new ListUsersCommand({ UserPoolId: pool, ...input }));
    const names = async (filter: string, pool = poolId): Promise<string[]> => ((await list({ Filter: filter }, pool)).Users ?? []).map((u) => u.Username!).sort();

    const TRICKY = ['100%', '100x', 'a_b', 'axb', "o'brien", 'say "hi"', 'back\\slash', 'backXslash', 'Ünïcode', '%', '_'];

    before(async () => {
      poolId = await newPool({ Schema: [{ Name: 'dept', AttributeDataType: 'String' }] });
      await create('alice', [{ Name: 'email', Value: 'Alice@Example.com' }, { Name: 'given_name', Value: 'Alice' }, { Name: 'family_name', Value: 'Smith' }, { Name: 'phone_number', Value: '+13125550001' }, { Name: 'custom:dept', Value: 'eng' }]);
      await create('bob', [{ Name: 'email', Value: 'bob@example.org' }, { Name: 'given_name', Value: 'Bob' }, { Name: 'family_name', Value: 'Smithers' }, { Name: 'phone_number', Value: '+13125550002' }, { Name: 'name', Value: 'Bob B' }]);
      await create('Carol', [{ Name: 'email', Value: 'carol@example.com' }, { Name: 'family_name', Value: 'Jones' }, { Name: 'preferred_username', Value: 'caz' }, { Name: 'phone_number', Value: '+14155550003' }]);
      for (const [i, v] of TRICKY.entries()) await create(`t${i}`, [{ Name: 'given_name', Value: v }]);
      await s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: 'bob', Password: 'Perm-pass1', Permanent: true }));
      await s.client.send(new AdminDisableUserCommand({ UserPoolId: poolId, Username: 'Carol' }));
    });

    it('lists every user with attributes, sub first', async () => {
      const r = await list();
      assert.equal(r.Users!.length, 3 + TRICKY.length);
      assert.equal(r.PaginationToken, undefined);
      const alice = r.Users!.find((u) => u.Username === 'alice')!;
      assert.equal(alice.Attributes![0]!.Name, 'sub');
      assert.equal(attr(alice, 'custom:dept'), 'eng');
      assert.equal(alice.UserStatus, 'FORCE_CHANGE_PASSWORD');
      assert.equal(alice.Enabled, true);
      assert.ok(alice.UserCreateDate instanceof Date);
    });

    it('filters with = exactly and case-insensitively', async () => {
      assert.deepEqual(await names('email = "alice@example.com"'), ['alice']);
      assert.deepEqual(await names('email = "ALICE@EXAMPLE.COM"'), ['alice']);
      assert.deepEqual(await names('email = "alice@example"'), []);
      assert.deepEqual(await names('family_name="Smith"'), ['alice']);
      assert.deepEqual(await names('name = "bob b"'), ['bob']);
      assert.deepEqual(await names('preferred_username = "CAZ"'), ['Carol']);
      assert.deepEqual(await names('phone_number = "+13125550002"'), ['bob']);
    });

    it('filters with ^= as a prefix, ordered by the filtered attribute', async () => {
      assert.deepEqual(await names('family_name ^= "smith"'), ['alice', 'bob']);
      assert.deepEqual(await names('phone_number ^= "+1312"'), ['alice', 'bob']);
      assert.deepEqual(await names('email ^= "CAROL"'), ['Carol']);
      assert.deepEqual(await names('email ^= ""'), ['Carol', 'alice', 'bob']);
      const ordered = (await list({ Filter: 'email ^= ""' })).Users!.map((u) => attr(u, 'email'));
      assert.deepEqual(ordered, ['Alice@Example.com', 'bob@example.org', 'carol@example.com']);
    });

    it('matches SQL / LIKE metacharacters literally', async () => {
      const byValue = (v: string) => `t${TRICKY.indexOf(v)}`;
      for (const v of TRICKY) {
        assert.deepEqual(await names(`given_name = ${quote(v)}`), [byValue(v)], `= ${v}`);
      }
      assert.deepEqual(await names('given_name ^= "100%"'), [byValue('100%')]);
      assert.deepEqual(await names('given_name ^= "a_"'), [byValue('a_b')]);
      assert.deepEqual(await names('given_name ^= "%"'), [byValue('%')]);
      assert.deepEqual(await names('given_name ^= "_"'), [byValue('_')]);
      assert.deepEqual(await names(`given_name ^= ${quote('back\\')}`), [byValue('back\\slash')]);
      assert.deepEqual(await names(`given_name ^= ${quote("o'")}`), [byValue("o'brien")]);
      assert.deepEqual(await names(`given_name ^= ${quote('say "')}`), [byValue('say "hi"')]);
      assert.deepEqual(await names('given_name = "ünïcode"'), [byValue('Ünïcode')]);
      assert.deepEqual(await names(`given_name = ${quote("' OR 1=1 --")}`), []);
    });

    it('filters by username (case-insensitive pool), sub, status and user status', async () => {
      assert.deepEqual(await names('username = "carol"'), ['Carol']);
      assert.deepEqual(await names('username ^= "AL"'), ['alice']);
      const alice = (await list({ Filter: 'username = "alice"' })).Users![0]!;
      assert.deepEqual(await names(`sub = "${attr(alice, 'sub')}"`), ['alice']);
      assert.deepEqual(await names('cognito:user_status = "CONFIRMED"'), ['bob']);
      assert.deepEqual(await names('cognito:user_status = "confirmed"'), ['bob']);
      assert.equal((await names('cognito:user_status = "FORCE_CHANGE_PASSWORD"')).length, 2 + TRICKY.length);
      assert.deepEqual(await names('status = "Disabled"'), ['Carol']);
      assert.equal((await names('status = "Enabled"')).length, 2 + TRICKY.length);
      assert.deepEqual(await names('status = "disabled"'), []);
      assert.deepEqual(await names('status ^= "Dis"'), ['Carol']);
    });

    it('matches usernames case-sensitively in case-sensitive pools', async () => {
      const pool = await newPool({ UsernameConfiguration: { CaseSensitive: true } });
      await create('Dave', [], pool);
      await create('dave', [], pool);
      assert.deepEqual(await names('username = "Dave"', pool), ['Dave']);
      assert.deepEqual(await names('username ^= "d"', pool), ['dave']);
    });

    it('rejects malformed filters and unsearchable attributes', async () => {
      await rejectsWith(list({ Filter: 'email = alice' }), 'InvalidParameterException', 'Error while parsing filter.');
      await rejectsWith(list({ Filter: 'email ~= "a"' }), 'InvalidParameterException', 'Error while parsing filter.');
      await rejectsWith(list({ Filter: 'custom:dept = "eng"' }), 'InvalidParameterException', 'Invalid search attribute: custom:dept');
      await rejectsWith(list({ Filter: 'nickname = "x"' }), 'InvalidParameterException', 'Invalid search attribute: nickname');
    });

    it('restricts attributes with AttributesToGet', async () => {
      const r = await list({ Filter: 'username = "alice"', AttributesToGet: ['email', 'custom:dept'] });
      assert.deepEqual(r.Users![0]!.Attributes, [{ Name: 'email', Value: 'Alice@Example.com' }, { Name: 'custom:dept', Value: 'eng' }]);
      const withSub = await list({ Filter: 'username = "alice"', AttributesToGet: ['sub'] });
      assert.equal(withSub.Users![0]!.Attributes!.length, 1);
      assert.equal(withSub.Users![0]!.Attributes![0]!.Name, 'sub');
      const all = await list({ Filter: 'username = "alice"', AttributesToGet: [] });
      assert.ok(all.Users![0]!.Attributes!.length > 3);
      await rejectsWith(list({ AttributesToGet: ['email', 'shoe_size'] }), 'InvalidParameterException', /shoe_size/);
    });

    it('checks Limit (0 means 60) and the pool', async () => {
      await rejectsWith(list({ Limit: 61 }), 'InvalidParameterException', /limit/);
      const r = await list({ Limit: 0 });
      assert.equal(r.Users!.length, 3 + TRICKY.length);
      await rejectsWith(list({}, 'us-east-1_nope12345'), 'ResourceNotFoundException', 'User pool us-east-1_nope12345 does not exist.');
    });

    it('pages with Limit 2 without repeats or skips while users are added and removed', async () => {
      const pool = await newPool();
      for (let i = 0; i < 9; i++) await create(`u${i}`, [], pool);
      const seen: string[] = [];
      let token: string | undefined;
      let added = 0;
      let pages = 0;
      do {
        const r = await list({ Limit: 2, ...(token ? { PaginationToken: token } : {}) }, pool);
        assert.ok(r.Users!.length <= 2);
        seen.push(...r.Users!.map((u) => u.Username!));
        token = r.PaginationToken;
        pages++;
        if (added < 4) await create(`new${added++}`, [], pool);
        if (pages === 2) await s.client.send(new AdminDeleteUserCommand({ UserPoolId: pool, Username: 'u8' }));
      } while (token);
      assert.equal(new Set(seen).size, seen.length, `repeats in ${seen.join(',')}`);
      for (let i = 0; i < 8; i++) assert.ok(seen.includes(`u${i}`), `u${i} skipped`);
      assert.ok(!seen.includes('u8'));
      // the last page carries no token
      const last = await list({ Limit: 60 }, pool);
      assert.equal(last.PaginationToken, undefined);
    });

    it('pages a filtered listing in attribute order and works with the SDK paginator', async () => {
      const pool = await newPool();
      for (const n of ['e', 'c', 'a', 'd', 'b']) await create(`p${n}`, [{ Name: 'family_name', Value: `Fam-${n}` }], pool);
      await create('other', [{ Name: 'family_name', Value: 'Other' }], pool);
      const got: string[] = [];
      for await (const page of paginateListUsers({ client: s.client, pageSize: 2 }, { UserPoolId: pool, Filter: 'family_name ^= "fam-"' })) {
        got.push(...(page.Users ?? []).map((u) => u.Username!));
      }
      assert.deepEqual(got, ['pa', 'pb', 'pc', 'pd', 'pe']);
    });

    it('rejects tokens of another filter or pool, and garbage', async () => {
      const first = await list({ Limit: 1 });
      assert.ok(first.PaginationToken);
      await rejectsWith(list({ Limit: 1, PaginationToken: first.PaginationToken, Filter: 'email ^= "a"' }), 'InvalidParameterException');
      const other = await newPool();
      await rejectsWith(list({ Limit: 1, PaginationToken: first.PaginationToken }, other), 'InvalidParameterException');
      await rejectsWith(list({ PaginationToken: 'garbage' }), 'InvalidParameterException');
      const raw = await rawCall(s.url, 'ListUsers', { UserPoolId: poolId, PaginationToken: 'x.y' });
      assert.equal(raw.status, 400);
      assert.equal(raw.json['__type'], 'InvalidParameterException');
    });
  });
}
