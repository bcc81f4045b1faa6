/**
 * A seed file (`--seed <file>`, `USERPOOL_SEED`, `startUserpool({ seed })`): the user pools, app
 * clients, users, groups, domains and resource servers a server starts with. Each entry has the
 * shape of the Cognito API input that creates it (copied from AWS CLI JSON, say), without the
 * `UserPoolId` its pool gives it, plus a few members of our own:
 *
 *   { "UserPools": [ { "Id": "us-east-1_Example1",            ← the pool's fixed id (required)
 *       …CreateUserPool input (PoolName required)…,
 *       "Domain": "example" | { …CreateUserPoolDomain input… },
 *       "ResourceServers": [ …CreateResourceServer input… ],
 *       "Groups": [ …CreateGroup input… ],
 *       "Clients": [ { …CreateUserPoolClient input…, "ClientId": "fixed id" (optional) } ],
 *       "Users": [ { …AdminCreateUser input…, "Password": "permanent password" (optional),
 *                    "Groups": ["group name"], …AdminSetUserMFAPreference settings… } ] } ] }
 *
 * Checked here, before anything is written, with the validator the wire uses (AWS's messages); an
 * error names the file and the entry's path (`UserPools[0].Clients[1]: …`). Members no input has
 * are errors too: a typo is never silently dropped.
 */
import { readFileSync } from 'node:fs';
import { validateInput } from '../http/protocol/validate.ts';
import { modelShapes } from '../generated/model.ts';
import { operations, type OperationName } from '../generated/operations.ts';
import type {
  AdminCreateUserRequest,
  AdminSetUserMFAPreferenceRequest,
  CreateGroupRequest,
  CreateResourceServerRequest,
  CreateUserPoolClientRequest,
  CreateUserPoolDomainRequest,
  CreateUserPoolRequest,
} from '../generated/shapes.ts';

type Without<T, K extends keyof T> = Omit<T, K>;

export interface SeedClient {
  path: string;
  clientId: string | undefined;
  input: Without<CreateUserPoolClientRequest, 'UserPoolId'>;
}

export interface SeedUser {
  path: string;
  input: Without<AdminCreateUserRequest, 'UserPoolId'>;
  password: string | undefined;
  groups: string[];
  mfa: Without<AdminSetUserMFAPreferenceRequest, 'UserPoolId' | 'Username'> | undefined;
}

export interface SeedPool {
  path: string;
  id: string;
  input: CreateUserPoolRequest;
  domain: { path: string; input: Without<CreateUserPoolDomainRequest, 'UserPoolId'> } | undefined;
  resourceServers: Array<{ path: string; input: Without<CreateResourceServerRequest, 'UserPoolId'> }>;
  groups: Array<{ path: string; input: Without<CreateGroupRequest, 'UserPoolId'> }>;
  clients: SeedClient[];
  users: SeedUser[];
}

export interface Seed {
  /** Where the seed came from (a file path, or `startUserpool({ seed })`), for messages. */
  readonly source: string;
  readonly pools: readonly SeedPool[];
}

export class SeedError extends Error {}

const POOL_EXTRAS = ['Id', 'Domain', 'ResourceServers', 'Groups', 'Clients', 'Users'];
const CLIENT_EXTRAS = ['ClientId'];
const MFA_MEMBERS = ['SMSMfaSettings', 'SoftwareTokenMfaSettings', 'EmailMfaSettings', 'WebAuthnMfaSettings'];
const USER_EXTRAS = ['Password', 'Groups', ...MFA_MEMBERS];

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first member, at any depth, that the shape does not have: `Foo` or `Schema[0].Bogus`. */
function unknownMember(shapeName: string, value: unknown, path: string): string | undefined {
  const shape = modelShapes[shapeName];
  if (!shape) return undefined;
  if (shape.kind === 'structure' && isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      const target = shape.members?.[k];
      if (target === undefined) return `${path}${path ? '.' : ''}${k}`;
      const deeper = unknownMember(target, v, `${path}${path ? '.' : ''}${k}`);
      if (deeper) return deeper;
    }
  } else if (shape.kind === 'list' && Array.isArray(value) && shape.member) {
    for (let i = 0; i < value.length; i++) {
      const deeper = unknownMember(shape.member, value[i], `${path}[${i}]`);
      if (deeper) return deeper;
    }
  } else if (shape.kind === 'map' && isObject(value) && shape.value) {
    for (const [k, v] of Object.entries(value)) {
      const deeper = unknownMember(shape.value, v, `${path}.${k}`);
      if (deeper) return deeper;
    }
  }
  return undefined;
}

/** `input` as `operation` takes it: members it lacks and AWS's validation failures throw a SeedError at `path`. */
function check<T>(operation: OperationName, input: Record<string, unknown>, path: string, ownMembers: readonly string[] = []): T {
  const shapeName = operations[operation].input;
  const members = modelShapes[shapeName]?.members ?? {};
  for (const key of Object.keys(input)) {
    if (key in members || ownMembers.includes(key)) continue;
    throw new SeedError(`${path}: unknown member "${key}" (${operation} input${ownMembers.length ? `, or ${ownMembers.join(', ')}` : ''})`);
  }
  const nested = unknownMember(shapeName, Object.fromEntries(Object.entries(input).filter(([k]) => k in members)), '');
  if (nested) throw new SeedError(`${path}: unknown member "${nested}" (${operation} input)`);
  try {
    return validateInput(operation, Object.fromEntries(Object.entries(input).filter(([k]) => k in members))) as T;
  } catch (err) {
    throw new SeedError(`${path}: ${(err as Error).message}`);
  }
}

function list(value: unknown, path: string): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new SeedError(`${path}: expected a list`);
  return value;
}

function object(value: unknown, path: string): Record<string, unknown> {
  if (!isObject(value)) throw new SeedError(`${path}: expected an object`);
  return value;
}

function parsePool(raw: unknown, path: string): SeedPool {
  const entry = object(raw, path);
  const id = entry['Id'];
  if (typeof id !== 'string') throw new SeedError(`${path}: "Id" (the pool's fixed id, e.g. "us-east-1_Example1") is required`);
  check('DescribeUserPool', { UserPoolId: id }, `${path}.Id`);
  const input = check<CreateUserPoolRequest>('CreateUserPool', entry, path, POOL_EXTRAS);
  const with_ = (e: Record<string, unknown>): Record<string, unknown> => {
    if ('UserPoolId' in e && e['UserPoolId'] !== id) throw new SeedError(`${path}: an entry names UserPoolId "${String(e['UserPoolId'])}" inside pool ${id}`);
    return { ...e, UserPoolId: id };
  };
  const strip = <T extends { UserPoolId: string }>(v: T): Without<T, 'UserPoolId'> => {
    const { UserPoolId: _pool, ...rest } = v;
    return rest;
  };
  let domain: SeedPool['domain'];
  if (entry['Domain'] !== undefined) {
    const p = `${path}.Domain`;
    const d = typeof entry['Domain'] === 'string' ? { Domain: entry['Domain'] } : object(entry['Domain'], p);
    domain = { path: p, input: strip(check<CreateUserPoolDomainRequest>('CreateUserPoolDomain', with_(d), p)) };
  }
  const resourceServers = list(entry['ResourceServers'], `${path}.ResourceServers`).map((r, i) => {
    const p = `${path}.ResourceServers[${i}]`;
    return { path: p, input: strip(check<CreateResourceServerRequest>('CreateResourceServer', with_(object(r, p)), p)) };
  });
  const groups = list(entry['Groups'], `${path}.Groups`).map((g, i) => {
    const p = `${path}.Groups[${i}]`;
    return { path: p, input: strip(check<CreateGroupRequest>('CreateGroup', with_(object(g, p)), p)) };
  });
  const clients = list(entry['Clients'], `${path}.Clients`).map((c, i): SeedClient => {
    const p = `${path}.Clients[${i}]`;
    const e = object(c, p);
    const clientId = e['ClientId'];
    if (clientId !== undefined) {
      if (typeof clientId !== 'string') throw new SeedError(`${p}.ClientId: expected a string`);
      check('DescribeUserPoolClient', { UserPoolId: id, ClientId: clientId }, `${p}.ClientId`);
    }
    return { path: p, clientId, input: strip(check<CreateUserPoolClientRequest>('CreateUserPoolClient', with_(e), p, CLIENT_EXTRAS)) };
  });
  const groupNames = new Set(groups.map((g) => g.input.GroupName));
  const users = list(entry['Users'], `${path}.Users`).map((u, i): SeedUser => {
    const p = `${path}.Users[${i}]`;
    const e = object(u, p);
    const input = strip(check<AdminCreateUserRequest>('AdminCreateUser', with_(e), p, USER_EXTRAS));
    const password = e['Password'];
    if (password !== undefined) {
      if (typeof password !== 'string') throw new SeedError(`${p}.Password: expected a string`);
      check('AdminSetUserPassword', { UserPoolId: id, Username: input.Username, Password: password, Permanent: true }, `${p}.Password`);
    }
    const userGroups = list(e['Groups'], `${p}.Groups`).map((g, j) => {
      if (typeof g !== 'string') throw new SeedError(`${p}.Groups[${j}]: expected a group name`);
      if (!groupNames.has(g)) throw new SeedError(`${p}.Groups[${j}]: group "${g}" is not among the pool's Groups`);
      return g;
    });
    const mfaEntries = Object.entries(e).filter(([k]) => MFA_MEMBERS.includes(k));
    const mfa = mfaEntries.length
      ? (() => {
          const { UserPoolId: _p, Username: _u, ...rest } = check<AdminSetUserMFAPreferenceRequest>('AdminSetUserMFAPreference', { UserPoolId: id, Username: input.Username, ...Object.fromEntries(mfaEntries) }, p);
          return rest;
        })()
      : undefined;
    return { path: p, input, password, groups: userGroups, mfa };
  });
  return { path, id, input, domain, resourceServers, groups, clients, users };
}

/** Parses a seed document already read (a JSON value); throws a SeedError naming the source and the entry's path. */
export function parseSeed(document: unknown, source: string): Seed {
  try {
    const doc = object(document, '(top level)');
    for (const key of Object.keys(doc)) if (key !== 'UserPools') throw new SeedError(`unknown member "${key}" at the top level (expected "UserPools")`);
    const pools = list(doc['UserPools'], 'UserPools').map((p, i) => parsePool(p, `UserPools[${i}]`));
    const ids = new Set<string>();
    for (const p of pools) {
      if (ids.has(p.id)) throw new SeedError(`${p.path}.Id: pool ${p.id} is declared twice`);
      ids.add(p.id);
    }
    return { source, pools };
  } catch (err) {
    throw new SeedError(`seed ${source}: ${(err as Error).message}`);
  }
}

/** Reads and parses a seed file (JSON); throws a SeedError naming the file (and the entry's path). */
export function loadSeedFile(path: string): Seed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new SeedError(`seed ${path}: cannot read it: ${(err as Error).message}`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (err) {
    throw new SeedError(`seed ${path}: not JSON: ${(err as Error).message}`);
  }
  return parseSeed(document, path);
}
