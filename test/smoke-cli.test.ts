// Smoke tests with the other real clients: boto3 (Python) and the AWS CLI, against the real server.
// Each skips loudly when its client is not installed.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { handlers } from '../src/api/index.ts';
import type { OperationName } from '../src/generated/operations.ts';
import { withServer, type TestServer } from './helpers/server.ts';

const hasBoto3 = spawnSync('python3', ['-c', 'import boto3'], { stdio: 'ignore' }).status === 0;
const hasCli = spawnSync('aws', ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasBoto3) console.warn('\n!!! python3 with boto3 not found: boto3 smoke tests are SKIPPED !!!\n');
if (!hasCli) console.warn('\n!!! AWS CLI not found: AWS CLI smoke tests are SKIPPED !!!\n');

/** Skips a test (with the reason) until every operation it needs has a handler. */
function needs(...ops: OperationName[]): { skip: string | false } {
  const missing = ops.filter((op) => handlers[op] === undefined);
  return { skip: missing.length > 0 ? `not registered yet: ${missing.join(', ')}` : false };
}

/** An environment that isolates the clients from any local AWS configuration. */
function clientEnv(accessKeyId = 'x', secret = 'y'): NodeJS.ProcessEnv {
  return {
    PATH: process.env['PATH'],
    HOME: process.env['HOME'],
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secret,
    AWS_CONFIG_FILE: '/dev/null',
    AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_RETRY_MODE: 'standard',
    AWS_MAX_ATTEMPTS: '1',
  };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(cmd, args, { env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : 1) : 0;
      resolve({ code, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

const BOTO_PRELUDE = `
import json, os, sys, boto3
from botocore.exceptions import ClientError
from botocore.config import Config
c = boto3.client('cognito-idp', endpoint_url=os.environ['ENDPOINT'], region_name='us-east-1',
                 aws_access_key_id=os.environ['AWS_ACCESS_KEY_ID'], aws_secret_access_key=os.environ['AWS_SECRET_ACCESS_KEY'],
                 config=Config(retries={'max_attempts': 1, 'mode': 'standard'}))
def out(v):
    print(json.dumps(v, default=str))
def err(fn, **kw):
    try:
        fn(**kw)
    except ClientError as e:
        return {'Code': e.response['Error']['Code'], 'Message': e.response['Error']['Message'], 'Status': e.response['ResponseMetadata']['HTTPStatusCode']}
    return None
`;

/** Runs a boto3 snippet (with `c` the client) and parses the JSON it prints last. */
async function boto3(s: TestServer, code: string, creds: [string, string] = ['x', 'y']): Promise<Record<string, unknown>> {
  const r = await run('python3', ['-c', BOTO_PRELUDE + code], { ...clientEnv(...creds), ENDPOINT: s.url });
  assert.equal(r.code, 0, `python exited ${r.code}\n${r.stderr}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? '{}') as Record<string, unknown>;
}

async function cli(s: TestServer, args: string[]): Promise<Run> {
  return run('aws', ['--endpoint-url', s.url, '--region', 'us-east-1', '--output', 'json', 'cognito-idp', ...args], clientEnv());
}

async function cliJson(s: TestServer, args: string[]): Promise<Record<string, unknown>> {
  const r = await cli(s, args);
  assert.equal(r.code, 0, `aws ${args.join(' ')} exited ${r.code}\n${r.stderr}`);
  return r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : {};
}

describe('smoke: boto3', { skip: !hasBoto3 && 'boto3 not installed' }, () => {
  const s = withServer('sqlite');

  it('creates and describes a pool; errors arrive as ClientError', needs('CreateUserPool', 'DescribeUserPool'), async () => {
    const r = await boto3(s, `
p = c.create_user_pool(PoolName='boto', Policies={'PasswordPolicy': {'MinimumLength': 10}}, UserPoolTags={'k': 'v'})['UserPool']
d = c.describe_user_pool(UserPoolId=p['Id'])['UserPool']
out({'id': p['Id'], 'name': d['Name'], 'min': d['Policies']['PasswordPolicy']['MinimumLength'], 'tags': d['UserPoolTags'],
     'created': type(d['CreationDate']).__name__,
     'missing': err(c.describe_user_pool, UserPoolId='us-east-1_nope12345'),
     'invalid': err(c.describe_user_pool, UserPoolId='x_')})
`);
    assert.match(String(r['id']), /^us-east-1_/);
    assert.equal(r['name'], 'boto');
    assert.equal(r['min'], 10);
    assert.deepEqual(r['tags'], { k: 'v' });
    assert.equal(r['created'], 'datetime');
    assert.deepEqual(r['missing'], { Code: 'ResourceNotFoundException', Message: 'User pool us-east-1_nope12345 does not exist.', Status: 400 });
    assert.equal((r['invalid'] as Record<string, unknown>)['Code'], 'InvalidParameterException');
  });

  it('creates an app client', needs('CreateUserPool', 'CreateUserPoolClient', 'DescribeUserPoolClient'), async () => {
    const r = await boto3(s, `
p = c.create_user_pool(PoolName='withClient')['UserPool']
cl = c.create_user_pool_client(UserPoolId=p['Id'], ClientName='app', GenerateSecret=True, ExplicitAuthFlows=['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'])['UserPoolClient']
d = c.describe_user_pool_client(UserPoolId=p['Id'], ClientId=cl['ClientId'])['UserPoolClient']
out({'name': d['ClientName'], 'same': d['ClientId'] == cl['ClientId'], 'secret': bool(cl.get('ClientSecret')), 'flows': sorted(d['ExplicitAuthFlows'])})
`);
    assert.equal(r['name'], 'app');
    assert.equal(r['same'], true);
    assert.equal(r['secret'], true);
    assert.deepEqual(r['flows'], ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH']);
  });

  it('lists user pools with the paginator', needs('CreateUserPool', 'ListUserPools'), async () => {
    const r = await boto3(s, `
names = ['page%d' % i for i in range(5)]
for n in names: c.create_user_pool(PoolName=n)
pages = list(c.get_paginator('list_user_pools').paginate(MaxResults=2))
seen = [p['Name'] for page in pages for p in page['UserPools']]
out({'pages': len(pages), 'all': all(n in seen for n in names), 'unique': len(seen) == len(set(p['Id'] for page in pages for p in page['UserPools'])),
     'sizes': [len(pg['UserPools']) for pg in pages]})
`);
    assert.ok(Number(r['pages']) >= 3);
    assert.equal(r['all'], true);
    assert.equal(r['unique'], true);
    for (const n of r['sizes'] as number[]) assert.ok(n <= 2);
  });

  it('groups: create, paginate, update, delete', needs('CreateUserPool', 'CreateGroup', 'ListGroups', 'UpdateGroup', 'GetGroup', 'DeleteGroup'), async () => {
    const r = await boto3(s, `
p = c.create_user_pool(PoolName='groups')['UserPool']['Id']
for i in range(5): c.create_group(UserPoolId=p, GroupName='g%d' % i, Precedence=i, Description='group %d' % i)
pages = list(c.get_paginator('list_groups').paginate(UserPoolId=p, PaginationConfig={'PageSize': 2}))
c.update_group(UserPoolId=p, GroupName='g0', RoleArn='arn:aws:iam::123456789012:role/r0')
g = c.get_group(UserPoolId=p, GroupName='g0')['Group']
dup = err(c.create_group, UserPoolId=p, GroupName='g1')
c.delete_group(UserPoolId=p, GroupName='g4')
out({'names': [x['GroupName'] for pg in pages for x in pg['Groups']], 'pages': len(pages), 'role': g.get('RoleArn'), 'desc': g.get('Description'),
     'dup': dup, 'gone': err(c.get_group, UserPoolId=p, GroupName='g4'), 'date': type(g['CreationDate']).__name__})
`);
    assert.deepEqual(r['names'], ['g0', 'g1', 'g2', 'g3', 'g4']);
    assert.equal(r['pages'], 3);
    assert.equal(r['role'], 'arn:aws:iam::123456789012:role/r0');
    assert.equal(r['desc'], 'group 0');
    assert.deepEqual(r['dup'], { Code: 'GroupExistsException', Message: 'A group with the name g1 already exists.', Status: 400 });
    assert.deepEqual(r['gone'], { Code: 'ResourceNotFoundException', Message: 'Group not found.', Status: 400 });
    assert.equal(r['date'], 'datetime');
  });

  it(
    'users and memberships: AdminCreateUser, AdminGetUser, ListUsers, group membership',
    needs('CreateUserPool', 'AdminCreateUser', 'AdminGetUser', 'ListUsers', 'CreateGroup', 'AdminAddUserToGroup', 'AdminListGroupsForUser', 'ListUsersInGroup', 'AdminRemoveUserFromGroup'),
    async () => {
      const r = await boto3(s, `
p = c.create_user_pool(PoolName='users')['UserPool']['Id']
u = c.admin_create_user(UserPoolId=p, Username='alice', UserAttributes=[{'Name': 'email', 'Value': 'alice@example.com'}], MessageAction='SUPPRESS')['User']
g = c.admin_get_user(UserPoolId=p, Username='alice')
for n in ['bob', 'carol']: c.admin_create_user(UserPoolId=p, Username=n, MessageAction='SUPPRESS')
users = [x['Username'] for pg in c.get_paginator('list_users').paginate(UserPoolId=p, PaginationConfig={'PageSize': 2}) for x in pg['Users']]
filtered = c.list_users(UserPoolId=p, Filter='email = "alice@example.com"')['Users']
c.create_group(UserPoolId=p, GroupName='admins')
c.admin_add_user_to_group(UserPoolId=p, Username='alice', GroupName='admins')
c.admin_add_user_to_group(UserPoolId=p, Username='alice', GroupName='admins')
mine = [x['GroupName'] for x in c.admin_list_groups_for_user(UserPoolId=p, Username='alice')['Groups']]
members = [x['Username'] for x in c.list_users_in_group(UserPoolId=p, GroupName='admins')['Users']]
c.admin_remove_user_from_group(UserPoolId=p, Username='alice', GroupName='admins')
after = c.list_users_in_group(UserPoolId=p, GroupName='admins')['Users']
out({'status': u['UserStatus'], 'got': g['Username'], 'attrs': {a['Name']: a['Value'] for a in g['UserAttributes']}, 'users': sorted(users),
     'filtered': [x['Username'] for x in filtered], 'mine': mine, 'members': members, 'after': after,
     'nouser': err(c.admin_get_user, UserPoolId=p, Username='nobody'),
     'nogroup': err(c.admin_add_user_to_group, UserPoolId=p, Username='alice', GroupName='nope')})
`);
      assert.equal(r['status'], 'FORCE_CHANGE_PASSWORD');
      assert.equal(r['got'], 'alice');
      assert.equal((r['attrs'] as Record<string, string>)['email'], 'alice@example.com');
      assert.match((r['attrs'] as Record<string, string>)['sub'] ?? '', /^[0-9a-f-]{36}$/);
      assert.deepEqual(r['users'], ['alice', 'bob', 'carol']);
      assert.deepEqual(r['filtered'], ['alice']);
      assert.deepEqual(r['mine'], ['admins']);
      assert.deepEqual(r['members'], ['alice']);
      assert.deepEqual(r['after'], []);
      assert.deepEqual(r['nouser'], { Code: 'UserNotFoundException', Message: 'User does not exist.', Status: 400 });
      assert.deepEqual(r['nogroup'], { Code: 'ResourceNotFoundException', Message: 'Group not found.', Status: 400 });
    },
  );
  it(
    'signs in with USER_PASSWORD_AUTH (unsigned public call)',
    needs('CreateUserPool', 'CreateUserPoolClient', 'AdminCreateUser', 'AdminSetUserPassword', 'InitiateAuth'),
    async () => {
      const r = await boto3(s, `
import base64
p = c.create_user_pool(PoolName='signin')['UserPool']['Id']
cl = c.create_user_pool_client(UserPoolId=p, ClientName='app', ExplicitAuthFlows=['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'])['UserPoolClient']['ClientId']
c.admin_create_user(UserPoolId=p, Username='erin', MessageAction='SUPPRESS')
c.admin_set_user_password(UserPoolId=p, Username='erin', Password='Corr3ct-Horse!', Permanent=True)
a = c.initiate_auth(ClientId=cl, AuthFlow='USER_PASSWORD_AUTH', AuthParameters={'USERNAME': 'erin', 'PASSWORD': 'Corr3ct-Horse!'})['AuthenticationResult']
claims = json.loads(base64.urlsafe_b64decode(a['IdToken'].split('.')[1] + '=='))
out({'type': a['TokenType'], 'refresh': bool(a.get('RefreshToken')), 'user': claims.get('cognito:username'),
     'wrong': err(c.initiate_auth, ClientId=cl, AuthFlow='USER_PASSWORD_AUTH', AuthParameters={'USERNAME': 'erin', 'PASSWORD': 'nope'})})
`);
      assert.equal(r['type'], 'Bearer');
      assert.equal(r['refresh'], true);
      assert.equal(r['user'], 'erin');
      assert.deepEqual(r['wrong'], { Code: 'NotAuthorizedException', Message: 'Incorrect username or password.', Status: 400 });
    },
  );
});

describe('smoke: boto3 against SigV4 verify mode', { skip: !hasBoto3 && 'boto3 not installed' }, () => {
  const s = withServer('sqlite', { signatureMode: 'verify', accessKeys: { AKIDTEST: 'test-secret' } });

  it('signs with the configured key; a wrong secret is refused', needs('CreateUserPool', 'DescribeUserPool'), async () => {
    const ok = await boto3(s, `
p = c.create_user_pool(PoolName='signed')['UserPool']
out({'name': c.describe_user_pool(UserPoolId=p['Id'])['UserPool']['Name']})
`, ['AKIDTEST', 'test-secret']);
    assert.equal(ok['name'], 'signed');
    const bad = await boto3(s, `out(err(c.create_user_pool, PoolName='nope'))`, ['AKIDTEST', 'wrong']);
    assert.equal(bad['Code'], 'InvalidSignatureException');
    const unknown = await boto3(s, `out(err(c.create_user_pool, PoolName='nope'))`, ['AKIDOTHER', 'test-secret']);
    assert.equal(unknown['Code'], 'UnrecognizedClientException');
  });
});

describe('smoke: AWS CLI', { skip: !hasCli && 'aws CLI not installed' }, () => {
  const s = withServer('sqlite');

  it('create-user-pool and describe-user-pool', needs('CreateUserPool', 'DescribeUserPool'), async () => {
    const created = await cliJson(s, ['create-user-pool', '--pool-name', 'cli', '--auto-verified-attributes', 'email']);
    const pool = created['UserPool'] as Record<string, unknown>;
    assert.equal(pool['Name'], 'cli');
    const described = await cliJson(s, ['describe-user-pool', '--user-pool-id', String(pool['Id'])]);
    assert.deepEqual((described['UserPool'] as Record<string, unknown>)['AutoVerifiedAttributes'], ['email']);
  });

  it('an error exits non-zero with the exception name on stderr', needs('DescribeUserPool'), async () => {
    const r = await cli(s, ['describe-user-pool', '--user-pool-id', 'us-east-1_nope12345']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /ResourceNotFoundException/);
    assert.match(r.stderr, /User pool us-east-1_nope12345 does not exist\./);
    const invalid = await cli(s, ['describe-user-pool', '--user-pool-id', 'bad id']);
    assert.notEqual(invalid.code, 0);
    assert.match(invalid.stderr, /InvalidParameterException/);
  });

  it('list-user-pools --max-results 10', needs('CreateUserPool', 'ListUserPools'), async () => {
    for (const n of ['cliA', 'cliB', 'cliC']) await cliJson(s, ['create-user-pool', '--pool-name', n]);
    const listed = await cliJson(s, ['list-user-pools', '--max-results', '10']);
    const names = (listed['UserPools'] as Array<Record<string, unknown>>).map((p) => p['Name']);
    for (const n of ['cliA', 'cliB', 'cliC']) assert.ok(names.includes(n), `${n} listed`);
    // With an explicit --max-results the CLI returns one page and its NextToken; --next-token follows it.
    const seen: string[] = [];
    let token: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await cliJson(s, ['list-user-pools', '--max-results', '1', ...(token ? ['--next-token', token] : [])]);
      const pools = page['UserPools'] as Array<Record<string, unknown>>;
      assert.ok(pools.length <= 1);
      seen.push(...pools.map((p) => String(p['Name'])));
      token = page['NextToken'] as string | undefined;
      if (!token) break;
    }
    assert.equal(token, undefined);
    for (const n of ['cliA', 'cliB', 'cliC']) assert.ok(seen.includes(n), `${n} paged`);
    assert.equal(new Set(seen).size, seen.length);
  });

  it('groups', needs('CreateUserPool', 'CreateGroup', 'ListGroups', 'GetGroup'), async () => {
    const pool = String(((await cliJson(s, ['create-user-pool', '--pool-name', 'cliGroups']))['UserPool'] as Record<string, unknown>)['Id']);
    await cliJson(s, ['create-group', '--user-pool-id', pool, '--group-name', 'editors', '--precedence', '3', '--description', 'Editors']);
    const got = (await cliJson(s, ['get-group', '--user-pool-id', pool, '--group-name', 'editors']))['Group'] as Record<string, unknown>;
    assert.equal(got['Precedence'], 3);
    assert.equal(got['Description'], 'Editors');
    const listed = await cliJson(s, ['list-groups', '--user-pool-id', pool]);
    assert.deepEqual((listed['Groups'] as Array<Record<string, unknown>>).map((g) => g['GroupName']), ['editors']);
    const dup = await cli(s, ['create-group', '--user-pool-id', pool, '--group-name', 'editors']);
    assert.notEqual(dup.code, 0);
    assert.match(dup.stderr, /GroupExistsException/);
  });

  it('users: admin-create-user, admin-get-user, list-users', needs('CreateUserPool', 'AdminCreateUser', 'AdminGetUser', 'ListUsers'), async () => {
    const pool = String(((await cliJson(s, ['create-user-pool', '--pool-name', 'cliUsers']))['UserPool'] as Record<string, unknown>)['Id']);
    const created = await cliJson(s, ['admin-create-user', '--user-pool-id', pool, '--username', 'dave', '--user-attributes', 'Name=email,Value=dave@example.com', '--message-action', 'SUPPRESS']);
    assert.equal((created['User'] as Record<string, unknown>)['Username'], 'dave');
    const got = await cliJson(s, ['admin-get-user', '--user-pool-id', pool, '--username', 'dave']);
    assert.equal(got['UserStatus'], 'FORCE_CHANGE_PASSWORD');
    const listed = await cliJson(s, ['list-users', '--user-pool-id', pool]);
    assert.deepEqual((listed['Users'] as Array<Record<string, unknown>>).map((u) => u['Username']), ['dave']);
    const missing = await cli(s, ['admin-get-user', '--user-pool-id', pool, '--username', 'nobody']);
    assert.notEqual(missing.code, 0);
    assert.match(missing.stderr, /UserNotFoundException/);
  });
});
