import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminInitiateAuthCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  AdminDeleteUserCommand,
  AdminListGroupsForUserCommand,
  AdminRemoveUserFromGroupCommand,
  CreateGroupCommand,
  CreateUserPoolCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  ListGroupsCommand,
  ListUsersInGroupCommand,
  UpdateGroupCommand,
  paginateAdminListGroupsForUser,
  paginateListGroups,
  paginateListUsersInGroup,
  type GroupType,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { databases, withServer } from './helpers/server.ts';
import { rejectsWith } from './helpers/errors.ts';

const ROLE = 'arn:aws:iam::123456789012:role/admins';
const ROLE2 = 'arn:aws:iam::123456789012:role/editors';

for (const kind of await databases()) {
  describe(`groups (${kind})`, () => {
    const s = withServer(kind);
    let poolId: string;
    before(async () => {
      poolId = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'groups' }))).UserPool!.Id!;
    });

    it('creates, gets, updates and deletes a group', async () => {
      const before = Math.floor(Date.now() / 1000);
      const { Group: g } = await s.client.send(
        new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'admins', Description: 'Admins', RoleArn: ROLE, Precedence: 1 }),
      );
      assert.equal(g?.GroupName, 'admins');
      assert.equal(g?.UserPoolId, poolId);
      assert.equal(g?.Description, 'Admins');
      assert.equal(g?.RoleArn, ROLE);
      assert.equal(g?.Precedence, 1);
      assert.ok(g?.CreationDate instanceof Date && g.CreationDate.getTime() / 1000 >= before - 1);
      assert.ok(g?.LastModifiedDate instanceof Date);

      const got = (await s.client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }))).Group;
      assert.deepEqual(got, g);

      // Only the members given change.
      const upd = (await s.client.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'admins', Precedence: 0 }))).Group;
      assert.equal(upd?.Precedence, 0);
      assert.equal(upd?.Description, 'Admins');
      assert.equal(upd?.RoleArn, ROLE);
      assert.deepEqual(upd?.CreationDate, g?.CreationDate);
      const upd2 = (await s.client.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'admins', Description: 'Changed', RoleArn: ROLE2 }))).Group;
      assert.equal(upd2?.Precedence, 0);
      assert.equal(upd2?.Description, 'Changed');
      assert.equal(upd2?.RoleArn, ROLE2);
      assert.deepEqual((await s.client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }))).Group, upd2);

      await s.client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'admins' }));
      await rejectsWith(s.client.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'admins' })), 'ResourceNotFoundException', 'Group not found.');
      await rejectsWith(s.client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'admins' })), 'ResourceNotFoundException', 'Group not found.');
      await rejectsWith(s.client.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'admins', Precedence: 2 })), 'ResourceNotFoundException', 'Group not found.');
    });

    it('omits absent members', async () => {
      const { Group: g } = await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'bare' }));
      assert.deepEqual(Object.keys(g ?? {}).sort(), ['CreationDate', 'GroupName', 'LastModifiedDate', 'UserPoolId']);
      await s.client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'bare' }));
    });

    it('rejects a duplicate name with GroupExistsException; names are case-sensitive', async () => {
      await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'dup' }));
      await rejectsWith(s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'dup' })), 'GroupExistsException', 'A group with the name dup already exists.');
      await s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'Dup' }));
      // Same name in another pool is fine.
      const other = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'other' }))).UserPool!.Id!;
      await s.client.send(new CreateGroupCommand({ UserPoolId: other, GroupName: 'dup' }));
      for (const name of ['dup', 'Dup']) await s.client.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: name }));
    });

    it('validates input with AWS messages', async () => {
      await rejectsWith(
        s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'neg', Precedence: -1 })),
        'InvalidParameterException',
        "1 validation error detected: Value '-1' at 'precedence' failed to satisfy constraint: Member must have value greater than or equal to 0",
      );
      await rejectsWith(
        s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'arn', RoleArn: 'not-an-arn-but-long-enough' })),
        'InvalidParameterException',
        /^1 validation error detected: Value 'not-an-arn-but-long-enough' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:/,
      );
      await rejectsWith(
        s.client.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'has space' })),
        'InvalidParameterException',
        /at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern/,
      );
      await rejectsWith(
        s.client.send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 61 })),
        'InvalidParameterException',
        "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
      );
      await rejectsWith(s.client.send(new CreateGroupCommand({ UserPoolId: 'us-east-1_nope12345', GroupName: 'x' })), 'ResourceNotFoundException', 'User pool us-east-1_nope12345 does not exist.');
      await rejectsWith(s.client.send(new ListGroupsCommand({ UserPoolId: 'us-east-1_nope12345' })), 'ResourceNotFoundException', 'User pool us-east-1_nope12345 does not exist.');
      await rejectsWith(s.client.send(new GetGroupCommand({ UserPoolId: 'us-east-1_nope12345', GroupName: 'x' })), 'ResourceNotFoundException', 'User pool us-east-1_nope12345 does not exist.');
    });

    it('lists groups in name order with NextToken paging', async () => {
      const pool = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'paging' }))).UserPool!.Id!;
      const names = Array.from({ length: 7 }, (_, i) => `g${String(i).padStart(2, '0')}`).reverse();
      for (const [i, name] of names.entries()) {
        await s.client.send(new CreateGroupCommand({ UserPoolId: pool, GroupName: name, Precedence: i }));
      }
      const first = await s.client.send(new ListGroupsCommand({ UserPoolId: pool, Limit: 3 }));
      assert.deepEqual(first.Groups?.map((g) => g.GroupName), ['g00', 'g01', 'g02']);
      assert.ok(first.NextToken);
      const second = await s.client.send(new ListGroupsCommand({ UserPoolId: pool, Limit: 3, NextToken: first.NextToken }));
      assert.deepEqual(second.Groups?.map((g) => g.GroupName), ['g03', 'g04', 'g05']);
      const third = await s.client.send(new ListGroupsCommand({ UserPoolId: pool, Limit: 3, NextToken: second.NextToken }));
      assert.deepEqual(third.Groups?.map((g) => g.GroupName), ['g06']);
      assert.equal(third.NextToken, undefined);

      // Exactly a full last page: no token.
      const exact = await s.client.send(new ListGroupsCommand({ UserPoolId: pool, Limit: 7 }));
      assert.equal(exact.Groups?.length, 7);
      assert.equal(exact.NextToken, undefined);
      // Limit 0 and absent mean the default of 60.
      assert.equal((await s.client.send(new ListGroupsCommand({ UserPoolId: pool, Limit: 0 }))).Groups?.length, 7);
      assert.equal((await s.client.send(new ListGroupsCommand({ UserPoolId: pool }))).Groups?.length, 7);

      const all: GroupType[] = [];
      for await (const page of paginateListGroups({ client: s.client, pageSize: 2 }, { UserPoolId: pool })) all.push(...(page.Groups ?? []));
      assert.deepEqual(all.map((g) => g.GroupName), [...names].sort());
      assert.equal(all.find((g) => g.GroupName === 'g06')?.Precedence, 0);

      // A token is bound to its pool and operation.
      await rejectsWith(s.client.send(new ListGroupsCommand({ UserPoolId: poolId, NextToken: first.NextToken })), 'InvalidParameterException');
      await rejectsWith(s.client.send(new ListGroupsCommand({ UserPoolId: pool, NextToken: 'garbage' })), 'InvalidParameterException');
      // An empty pool lists no groups.
      const empty = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'empty' }))).UserPool!.Id!;
      const none = await s.client.send(new ListGroupsCommand({ UserPoolId: empty }));
      assert.deepEqual(none.Groups, []);
      assert.equal(none.NextToken, undefined);
    });
    describe('membership', () => {
      let pool: string;
      const addUser = async (username: string, email?: string): Promise<void> => {
        await s.client.send(
          new AdminCreateUserCommand({ UserPoolId: pool, Username: username, MessageAction: 'SUPPRESS', ...(email ? { UserAttributes: [{ Name: 'email', Value: email }] } : {}) }),
        );
      };
      const groupsOf = async (username: string): Promise<string[]> =>
        ((await s.client.send(new AdminListGroupsForUserCommand({ UserPoolId: pool, Username: username }))).Groups ?? []).map((g) => g.GroupName!);
      const membersOf = async (group: string): Promise<string[]> =>
        ((await s.client.send(new ListUsersInGroupCommand({ UserPoolId: pool, GroupName: group }))).Users ?? []).map((u) => u.Username!);

      before(async () => {
        pool = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'members' }))).UserPool!.Id!;
        await addUser('alice', 'alice@example.com');
        await addUser('bob');
        await s.client.send(new CreateGroupCommand({ UserPoolId: pool, GroupName: 'admins', Precedence: 1, RoleArn: ROLE }));
        await s.client.send(new CreateGroupCommand({ UserPoolId: pool, GroupName: 'readers', Precedence: 5 }));
      });

      it('adds and removes members idempotently', async () => {
        await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: pool, Username: 'alice', GroupName: 'admins' }));
        await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: pool, Username: 'alice', GroupName: 'admins' }));
        await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: pool, Username: 'alice', GroupName: 'readers' }));
        await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: pool, Username: 'bob', GroupName: 'readers' }));

        const { Groups } = await s.client.send(new AdminListGroupsForUserCommand({ UserPoolId: pool, Username: 'alice' }));
        assert.deepEqual(Groups?.map((g) => [g.GroupName, g.Precedence, g.RoleArn]), [['admins', 1, ROLE], ['readers', 5, undefined]]);
        assert.ok(Groups?.[0]?.CreationDate instanceof Date);
        assert.equal(Groups?.[0]?.UserPoolId, pool);

        const { Users } = await s.client.send(new ListUsersInGroupCommand({ UserPoolId: pool, GroupName: 'readers' }));
        assert.deepEqual(Users?.map((u) => u.Username), ['alice', 'bob']);
        const alice = Users?.[0] as UserType;
        assert.equal(alice.Enabled, true);
        assert.equal(alice.UserStatus, 'FORCE_CHANGE_PASSWORD');
        assert.ok(alice.UserCreateDate instanceof Date);
        assert.equal(alice.Attributes?.find((a) => a.Name === 'email')?.Value, 'alice@example.com');
        assert.match(alice.Attributes?.find((a) => a.Name === 'sub')?.Value ?? '', /^[0-9a-f-]{36}$/);

        await s.client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: pool, Username: 'alice', GroupName: 'readers' }));
        await s.client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: pool, Username: 'alice', GroupName: 'readers' }));
        assert.deepEqual(await groupsOf('alice'), ['admins']);
        assert.deepEqual(await membersOf('readers'), ['bob']);
        await s.client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: pool, Username: 'bob', GroupName: 'readers' }));
        assert.deepEqual(await membersOf('readers'), []);
        await s.client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: pool, Username: 'alice', GroupName: 'admins' }));
        assert.deepEqual(await groupsOf('alice'), []);
      });

      it('finds the user case-insensitively and by sub', async () => {
        await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: pool, Username: 'ALICE', GroupName: 'readers' }));
        const sub = (await s.client.send(new ListUsersInGroupCommand({ UserPoolId: pool, GroupName: 'readers' }))).Users?.[0]?.Attributes?.find((a) => a.Name === 'sub')?.Value;
        assert.ok(sub);
        assert.deepEqual(await groupsOf(sub), ['readers']);
        await s.client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: pool, Username: sub, GroupName: 'readers' }));
        assert.deepEqual(await membersOf('readers'), []);
      });

      it('answers AWS errors for unknown users, groups and pools', async () => {
        for (const Cmd of [AdminAddUserToGroupCommand, AdminRemoveUserFromGroupCommand]) {
          await rejectsWith(s.client.send(new Cmd({ UserPoolId: pool, Username: 'alice', GroupName: 'nope' })), 'ResourceNotFoundException', 'Group not found.');
          await rejectsWith(s.client.send(new Cmd({ UserPoolId: pool, Username: 'nobody', GroupName: 'admins' })), 'UserNotFoundException', 'User does not exist.');
          await rejectsWith(s.client.send(new Cmd({ UserPoolId: 'us-east-1_nope12345', Username: 'alice', GroupName: 'admins' })), 'ResourceNotFoundException', 'User pool us-east-1_nope12345 does not exist.');
        }
        await rejectsWith(s.client.send(new AdminListGroupsForUserCommand({ UserPoolId: pool, Username: 'nobody' })), 'UserNotFoundException', 'User does not exist.');
        await rejectsWith(s.client.send(new ListUsersInGroupCommand({ UserPoolId: pool, GroupName: 'nope' })), 'ResourceNotFoundException', 'Group not found.');
        await rejectsWith(
          s.client.send(new AdminListGroupsForUserCommand({ UserPoolId: pool, Username: 'alice', Limit: 61 })),
          'InvalidParameterException',
          "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
        );
      });

      it('pages the groups of a user and the users of a group', async () => {
        const p = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'member-paging' }))).UserPool!.Id!;
        const users = ['u1', 'u2', 'u3', 'u4', 'u5'];
        const groups = ['ga', 'gb', 'gc', 'gd', 'ge'];
        for (const u of users) await s.client.send(new AdminCreateUserCommand({ UserPoolId: p, Username: u, MessageAction: 'SUPPRESS' }));
        for (const g of groups) await s.client.send(new CreateGroupCommand({ UserPoolId: p, GroupName: g }));
        for (const g of groups) await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: p, Username: 'u1', GroupName: g }));
        // Added out of creation order: members still list in a stable (creation) order.
        for (const u of [...users].reverse()) await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: p, Username: u, GroupName: 'ga' }));

        const first = await s.client.send(new AdminListGroupsForUserCommand({ UserPoolId: p, Username: 'u1', Limit: 2 }));
        assert.deepEqual(first.Groups?.map((g) => g.GroupName), ['ga', 'gb']);
        assert.ok(first.NextToken);
        const pagesG: string[][] = [];
        for await (const page of paginateAdminListGroupsForUser({ client: s.client, pageSize: 2 }, { UserPoolId: p, Username: 'u1' })) {
          pagesG.push((page.Groups ?? []).map((g) => g.GroupName!));
        }
        assert.deepEqual(pagesG, [['ga', 'gb'], ['gc', 'gd'], ['ge']]);

        const pagesU: string[][] = [];
        for await (const page of paginateListUsersInGroup({ client: s.client, pageSize: 2 }, { UserPoolId: p, GroupName: 'ga' })) {
          pagesU.push((page.Users ?? []).map((u) => u.Username!));
        }
        assert.deepEqual(pagesU, [['u1', 'u2'], ['u3', 'u4'], ['u5']]);
        const exact = await s.client.send(new ListUsersInGroupCommand({ UserPoolId: p, GroupName: 'ga', Limit: 5 }));
        assert.equal(exact.Users?.length, 5);
        assert.equal(exact.NextToken, undefined);

        // Tokens are bound to the user / group they were issued for.
        await rejectsWith(s.client.send(new AdminListGroupsForUserCommand({ UserPoolId: p, Username: 'u2', NextToken: first.NextToken })), 'InvalidParameterException');
        const usersPage = await s.client.send(new ListUsersInGroupCommand({ UserPoolId: p, GroupName: 'ga', Limit: 2 }));
        assert.ok(usersPage.NextToken);
        await rejectsWith(s.client.send(new ListUsersInGroupCommand({ UserPoolId: p, GroupName: 'gb', NextToken: usersPage.NextToken })), 'InvalidParameterException');
        await rejectsWith(s.client.send(new ListGroupsCommand({ UserPoolId: p, NextToken: usersPage.NextToken })), 'InvalidParameterException');
      });

      it('memberships show in the tokens (cognito:groups, cognito:roles, cognito:preferred_role)', async () => {
        const p = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'claims' }))).UserPool!.Id!;
        const clientId = (await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: p, ClientName: 'app', ExplicitAuthFlows: ['ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] }))).UserPoolClient!.ClientId!;
        await s.client.send(new AdminCreateUserCommand({ UserPoolId: p, Username: 'erin', MessageAction: 'SUPPRESS' }));
        await s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: p, Username: 'erin', Password: 'Corr3ct-Horse!', Permanent: true }));
        await s.client.send(new CreateGroupCommand({ UserPoolId: p, GroupName: 'readers', Precedence: 5 }));
        await s.client.send(new CreateGroupCommand({ UserPoolId: p, GroupName: 'admins', Precedence: 1, RoleArn: ROLE }));
        for (const g of ['readers', 'admins']) await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: p, Username: 'erin', GroupName: g }));
        const claims = async (): Promise<{ id: Record<string, unknown>; access: Record<string, unknown> }> => {
          const r = (await s.client.send(new AdminInitiateAuthCommand({ UserPoolId: p, ClientId: clientId, AuthFlow: 'ADMIN_USER_PASSWORD_AUTH', AuthParameters: { USERNAME: 'erin', PASSWORD: 'Corr3ct-Horse!' } }))).AuthenticationResult!;
          const decode = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
          return { id: decode(r.IdToken!), access: decode(r.AccessToken!) };
        };
        const before = await claims();
        assert.deepEqual(before.id['cognito:groups'], ['admins', 'readers']);
        assert.deepEqual(before.access['cognito:groups'], ['admins', 'readers']);
        assert.deepEqual(before.id['cognito:roles'], [ROLE]);
        assert.equal(before.id['cognito:preferred_role'], ROLE);

        await s.client.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: p, Username: 'erin', GroupName: 'admins' }));
        const after = await claims();
        assert.deepEqual(after.id['cognito:groups'], ['readers']);
        assert.equal(after.id['cognito:roles'], undefined);
        assert.equal(after.id['cognito:preferred_role'], undefined);
        await s.client.send(new DeleteGroupCommand({ UserPoolId: p, GroupName: 'readers' }));
        const none = await claims();
        assert.equal(none.id['cognito:groups'], undefined);
        assert.equal(none.access['cognito:groups'], undefined);
      });

      it('deleting a group or a user removes its memberships', async () => {
        const p = (await s.client.send(new CreateUserPoolCommand({ PoolName: 'cascade' }))).UserPool!.Id!;
        for (const u of ['carol', 'dan']) await s.client.send(new AdminCreateUserCommand({ UserPoolId: p, Username: u, MessageAction: 'SUPPRESS' }));
        for (const g of ['staff', 'ops']) await s.client.send(new CreateGroupCommand({ UserPoolId: p, GroupName: g }));
        for (const u of ['carol', 'dan']) for (const g of ['staff', 'ops']) await s.client.send(new AdminAddUserToGroupCommand({ UserPoolId: p, Username: u, GroupName: g }));

        await s.client.send(new DeleteGroupCommand({ UserPoolId: p, GroupName: 'staff' }));
        assert.deepEqual(((await s.client.send(new AdminListGroupsForUserCommand({ UserPoolId: p, Username: 'carol' }))).Groups ?? []).map((g) => g.GroupName), ['ops']);
        // A new group with the old name starts empty.
        await s.client.send(new CreateGroupCommand({ UserPoolId: p, GroupName: 'staff' }));
        assert.deepEqual((await s.client.send(new ListUsersInGroupCommand({ UserPoolId: p, GroupName: 'staff' }))).Users, []);

        await s.client.send(new AdminDeleteUserCommand({ UserPoolId: p, Username: 'carol' }));
        assert.deepEqual(((await s.client.send(new ListUsersInGroupCommand({ UserPoolId: p, GroupName: 'ops' }))).Users ?? []).map((u) => u.Username), ['dan']);
        // A new user with the old name belongs to no group.
        await s.client.send(new AdminCreateUserCommand({ UserPoolId: p, Username: 'carol', MessageAction: 'SUPPRESS' }));
        assert.deepEqual((await s.client.send(new AdminListGroupsForUserCommand({ UserPoolId: p, Username: 'carol' }))).Groups, []);
      });
    });
  });
}
