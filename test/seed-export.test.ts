/**
 * `userpool seed export` (the compiled binary, spawned, on the server's SQLite file): a pool built
 * from examples/seed.json and then changed through the API is written as a seed file that parses,
 * and a new server seeded with it describes the same pool, clients (ids, secret), groups, resource
 * server, domain and users (attributes, groups, MFA); what a seed cannot carry (passwords) is named
 * on standard error. An unknown pool or a missing database is an error, and nothing is created.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AddCustomAttributesCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CreateGroupCommand,
  DescribeResourceServerCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUsersCommand,
  type CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { loadSeedFile, parseSeed } from '../src/seed/seed-file.ts';
import { startTestServer, type TestServer } from './helpers/server.ts';

const ROOT = join(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'userpool.mjs');
const POOL = 'us-east-1_Example1';

function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const clean: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^(USERPOOL_|DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$|NODE_TEST_CONTEXT$)/.test(k)) clean[k] = v;
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** What the Describe/List operations say of the pool, without what differs between two servers by nature (dates, counts). */
async function picture(client: CognitoIdentityProviderClient): Promise<Record<string, unknown>> {
  const { CreationDate: _c, LastModifiedDate: _m, EstimatedNumberOfUsers: _n, Arn: _a, ...pool } = (await client.send(new DescribeUserPoolCommand({ UserPoolId: POOL }))).UserPool!;
  const clients = [];
  for (const c of (await client.send(new ListUserPoolClientsCommand({ UserPoolId: POOL }))).UserPoolClients ?? []) {
    const { CreationDate: _cc, LastModifiedDate: _cm, ...rest } = (await client.send(new DescribeUserPoolClientCommand({ UserPoolId: POOL, ClientId: c.ClientId! }))).UserPoolClient!;
    clients.push(rest);
  }
  const groups = ((await client.send(new ListGroupsCommand({ UserPoolId: POOL }))).Groups ?? []).map(({ CreationDate: _gc, LastModifiedDate: _gm, ...g }) => g);
  const server = (await client.send(new DescribeResourceServerCommand({ UserPoolId: POOL, Identifier: 'https://api.example.com' }))).ResourceServer;
  const users = [];
  for (const u of (await client.send(new ListUsersCommand({ UserPoolId: POOL }))).Users ?? []) {
    const got = await client.send(new AdminGetUserCommand({ UserPoolId: POOL, Username: u.Username! }));
    const userGroups = (await client.send(new AdminListGroupsForUserCommand({ UserPoolId: POOL, Username: u.Username! }))).Groups?.map((g) => g.GroupName);
    // In an email-username pool the Username is a generated id: the user is known by the email.
    users.push({
      attributes: (got.UserAttributes ?? []).filter((a) => a.Name !== 'sub').sort((a, b) => a.Name!.localeCompare(b.Name!)),
      groups: userGroups,
      mfa: got.UserMFASettingList,
      preferred: got.PreferredMfaSetting,
    });
  }
  users.sort((a, b) => JSON.stringify(a.attributes).localeCompare(JSON.stringify(b.attributes)));
  return { pool, clients, groups, server, users };
}

describe('userpool seed export', () => {
  let dir: string;
  let dbFile: string;
  let original: Record<string, unknown>;
  let exported: { code: number | null; stdout: string; stderr: string };
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'userpool-seed-export-'));
    dbFile = join(dir, 'userpool.db');
    const s: TestServer = await startTestServer('sqlite', { databaseUrl: `sqlite:${dbFile}`, dataDir: dir, masterKey: undefined }, { seed: loadSeedFile(join(ROOT, 'examples', 'seed.json')) });
    try {
      // Changes made through the API after seeding are exported too.
      await s.client.send(new AddCustomAttributesCommand({ UserPoolId: POOL, CustomAttributes: [{ Name: 'tier', AttributeDataType: 'String', Mutable: true }] }));
      await s.client.send(new CreateGroupCommand({ UserPoolId: POOL, GroupName: 'auditors', Description: 'Read-only' }));
      original = await picture(s.client);
    } finally {
      await s.close();
    }
    exported = await cli(['seed', 'export', '--pool', POOL, '--db', `sqlite:${dbFile}`, '--data-dir', dir], {});
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes a seed file that parses, and names what it cannot carry', () => {
    assert.equal(exported.code, 0, exported.stderr);
    const doc = JSON.parse(exported.stdout) as { UserPools: Array<Record<string, unknown>> };
    assert.doesNotThrow(() => parseSeed(doc, 'export'));
    assert.equal(doc.UserPools[0]!['Id'], POOL);
    assert.match(exported.stderr, /note: 2 users without a password: only SRP verifiers are stored/);
    assert.match(exported.stderr, /note: client secrets are written in plain text/);
    assert.ok(!JSON.stringify(doc).includes('Passw0rd!'), 'no password anywhere');
  });

  it('a server seeded with the export describes the same pool, clients, groups, resource server and users', async () => {
    const s = await startTestServer('sqlite', {}, { seed: parseSeed(JSON.parse(exported.stdout), 'export') });
    try {
      const now = await picture(s.client);
      for (const key of Object.keys(original)) assert.deepEqual(now[key], original[key], key);
    } finally {
      await s.close();
    }
  });

  it('--out writes the file (0600: it holds client secrets)', async () => {
    const out = join(dir, 'seed-out.json');
    const r = await cli(['seed', 'export', '--pool', POOL, '--out', out, '--db', `sqlite:${dbFile}`, '--data-dir', dir], {});
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), JSON.parse(exported.stdout));
    assert.match(r.stderr, new RegExp(`exported pool ${POOL} to `));
  });

  it('an unknown pool, a missing action and a missing database are errors', async () => {
    const unknown = await cli(['seed', 'export', '--pool', 'us-east-1_Missing01', '--db', `sqlite:${dbFile}`, '--data-dir', dir], {});
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /User pool us-east-1_Missing01 does not exist/);
    const noAction = await cli(['seed', '--pool', POOL], {});
    assert.equal(noAction.code, 2);
    assert.match(noAction.stderr, /name an action \(export\)/);
    const missing = join(dir, 'nothere', 'userpool.db');
    const noDb = await cli(['seed', 'export', '--pool', POOL, '--db', `sqlite:${missing}`, '--data-dir', join(dir, 'nothere')], {});
    assert.equal(noDb.code, 1);
    assert.match(noDb.stderr, /no database at /);
    assert.equal(existsSync(join(dir, 'nothere')), false, 'nothing created');
  });
});
