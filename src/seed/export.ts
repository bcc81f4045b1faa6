/**
 * `userpool seed export --pool <id>`: an existing pool written as a seed file (src/seed/seed-file.ts),
 * so a pool set up by hand — in the console of this server, with the AWS CLI, by an app's tests —
 * can be declared and re-created. Each entry is what the Describe/List operations answer, cut down
 * to the members of the Create input that seeds it (read-only members such as dates, counts, ARNs
 * and the user pool's generated Schema are left out; custom attributes and changed standard ones
 * become `Schema`). What a seed cannot carry is reported, never silently lost: passwords (only SRP
 * verifiers are stored: exported users have no `Password`), TOTP authenticators, disabled users'
 * state, and pool settings made by other operations than CreateUserPool.
 */
import type { Deps, RequestContext } from '../domain/context.ts';
import { modelShapes } from '../generated/model.ts';
import { operations, type OperationName } from '../generated/operations.ts';
import { requirePool } from '../domain/pools/require-pool.ts';
import { describePool } from '../domain/pools/describe-pool.ts';
import { standardSchema, type SchemaAttribute } from '../domain/pools/schema.ts';
import { createPoolConfig } from '../domain/pools/pool-config.ts';
import { listUserPoolClients } from '../domain/clients/list-user-pool-clients.ts';
import { clientSecretOf, toUserPoolClientType } from '../domain/clients/client-config.ts';
import { listGroups, listGroupsOfUser } from '../domain/groups/list-groups.ts';
import { listResourceServers } from '../domain/resource-servers/list-resource-servers.ts';
import { toResourceServerType } from '../domain/resource-servers/resource-servers.ts';
import { findPoolDomain } from '../domain/pool-domains/describe-domain.ts';
import { toDomainDescription } from '../domain/pool-domains/pool-domain.ts';
import { toAdminGetUserOutput } from '../domain/users/user-type.ts';
import { userMfaSummary } from '../domain/mfa/user-mfa.ts';
import { usernameAttributesOf } from '../domain/users/username.ts';
import type { Page } from '../domain/paging.ts';
import type { PoolRecord } from '../storage/ports/index.ts';
import { isObject } from './seed-file.ts';

export interface SeedExport {
  /** `{ "UserPools": [ … ] }`, ready for JSON.stringify and `--seed`. */
  document: { UserPools: Array<Record<string, unknown>> };
  /** What the seed could not carry, one sentence each. */
  notes: string[];
}

/** `value` with only the members `shapeName` has, at every depth (the output shapes carry read-only extras). */
function keepMembers(shapeName: string, value: unknown): unknown {
  const shape = modelShapes[shapeName];
  if (!shape) return value;
  if (shape.kind === 'structure' && isObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const target = shape.members?.[k];
      if (target !== undefined && v !== undefined && v !== null) out[k] = keepMembers(target, v);
    }
    return out;
  }
  if (shape.kind === 'list' && Array.isArray(value) && shape.member) return value.map((v) => keepMembers(shape.member!, v));
  if (shape.kind === 'map' && isObject(value) && shape.value) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, keepMembers(shape.value!, v)]));
  return value;
}

/** The members of an operation's input found in `value`, without `UserPoolId` (the seed's pool gives it). */
function asInput(operation: OperationName, value: Record<string, unknown>): Record<string, unknown> {
  const { UserPoolId: _pool, ...rest } = keepMembers(operations[operation].input, value) as Record<string, unknown>;
  return rest;
}

async function all<T>(page: (token: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  const items: T[] = [];
  for (let token: string | undefined; ; ) {
    const p = await page(token);
    items.push(...p.items);
    if (p.nextToken === undefined) return items;
    token = p.nextToken;
  }
}

/** Custom attributes (their name without `custom:`) and standard ones whose settings differ from a new pool's. */
function schemaOf(attributes: SchemaAttribute[]): Array<Record<string, unknown>> {
  const standard = new Map(standardSchema().map((a) => [a.Name, a]));
  const out: Array<Record<string, unknown>> = [];
  for (const a of attributes) {
    const base = standard.get(a.Name);
    if (base !== undefined) {
      if (JSON.stringify(base) !== JSON.stringify(a)) out.push({ ...a });
      continue;
    }
    // A developer-only attribute is listed as dev:custom:name; CreateUserPool takes the bare name.
    out.push({ ...a, Name: a.Name.replace(/^(dev:)?custom:/, '') });
  }
  return out;
}

function contextFor(deps: Deps, region: string): RequestContext {
  const silent = { info: () => {}, warn: () => {}, error: () => {} };
  return { deps, requestId: 'seed-export', operation: 'DescribeUserPool', region, sourceIp: '127.0.0.1', log: silent };
}

/**
 * The Username AdminCreateUser takes: in a pool whose UsernameAttributes are email and/or phone
 * number, the stored username is a generated id and the user signs in with the attribute, which
 * AdminCreateUser requires as the Username (the new user gets a new id).
 */
function signInNameOf(pool: PoolRecord, username: string, attributes: Record<string, string>): string {
  const usernameAttributes = usernameAttributesOf(pool);
  for (const name of ['email', 'phone_number'] as const) {
    if (usernameAttributes.includes(name) && attributes[name] !== undefined) return attributes[name];
  }
  return username;
}

async function exportUsers(deps: Deps, pool: PoolRecord, notes: string[]): Promise<Array<Record<string, unknown>>> {
  const users: Array<Record<string, unknown>> = [];
  let disabled = 0;
  let totp = 0;
  for (let after: number | undefined; ; ) {
    const page = await deps.store.users.listUsers(pool.id, { limit: 500, ...(after !== undefined ? { after: { seq: after } } : {}) });
    for (const user of page) {
      const described = toAdminGetUserOutput(user, await userMfaSummary(deps.store, user));
      const entry: Record<string, unknown> = {
        Username: signInNameOf(pool, user.username, user.attributes),
        UserAttributes: (described.UserAttributes ?? []).filter((a) => a.Name !== 'sub'),
      };
      const groups = await all((token) => listGroupsOfUser(deps, pool.id, user.sub, undefined, token));
      if (groups.length > 0) entry['Groups'] = groups.map((g) => g.name);
      const mfa = new Set(described.UserMFASettingList ?? []);
      const preferred = described.PreferredMfaSetting;
      if (mfa.has('SMS_MFA')) entry['SMSMfaSettings'] = { Enabled: true, PreferredMfa: preferred === 'SMS_MFA' };
      if (mfa.has('EMAIL_OTP')) entry['EmailMfaSettings'] = { Enabled: true, PreferredMfa: preferred === 'EMAIL_OTP' };
      if (mfa.has('SOFTWARE_TOKEN_MFA')) totp++;
      if (!user.enabled) disabled++;
      users.push(entry);
    }
    if (page.length < 500) break;
    after = page[page.length - 1]!.seq;
    if (after === undefined) throw new Error('users without a row number cannot be paged');
  }
  if (users.length > 0) notes.push(`${users.length} user${users.length === 1 ? '' : 's'} without a password: only SRP verifiers are stored, so add "Password" (permanent) or "TemporaryPassword" to the users who need one`);
  if (totp > 0) notes.push(`${totp} user${totp === 1 ? '' : 's'} with a TOTP authenticator: a seed cannot carry the secret; they set it up again (AssociateSoftwareToken)`);
  if (disabled > 0) notes.push(`${disabled} disabled user${disabled === 1 ? '' : 's'} exported as enabled: AdminCreateUser has no Enabled; run AdminDisableUser after seeding`);
  return users;
}

/** The pool as a seed document; throws the domain's ResourceNotFoundException for an unknown pool. */
export async function exportSeed(deps: Deps, poolId: string): Promise<SeedExport> {
  const pool = await requirePool(deps.store, poolId);
  const ctx = contextFor(deps, pool.id.slice(0, pool.id.indexOf('_')));
  const notes: string[] = [];
  const described = await describePool(ctx, pool.id);

  const entry: Record<string, unknown> = { Id: pool.id, PoolName: pool.name, ...asInput('CreateUserPool', described) };
  // Settings a new pool has anyway are left out: the file says what is particular to this pool
  // (and a default template written out would also set the legacy verification members).
  const defaults = createPoolConfig({}) as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(entry)) if (k in defaults && JSON.stringify(defaults[k]) === JSON.stringify(v)) delete entry[k];
  const schema = schemaOf((described['SchemaAttributes'] as SchemaAttribute[] | undefined) ?? []);
  if (schema.length > 0) entry['Schema'] = schema;
  else delete entry['Schema'];
  if (described['MfaConfiguration'] !== undefined && described['MfaConfiguration'] !== 'OFF') {
    notes.push('MFA methods (SetUserPoolMfaConfig: SMS, TOTP, email) are not part of CreateUserPool: set them after seeding');
  }

  const domainName = (described['Domain'] ?? described['CustomDomain']) as string | undefined;
  if (domainName !== undefined) {
    const domain = await findPoolDomain(ctx, domainName);
    if (domain !== undefined) entry['Domain'] = asInput('CreateUserPoolDomain', toDomainDescription(ctx, domain) as Record<string, unknown>);
    if (described['Domain'] !== undefined && described['CustomDomain'] !== undefined) notes.push(`the custom domain ${String(described['CustomDomain'])} is left out: a seed declares one domain (the prefix ${String(described['Domain'])})`);
  }

  const servers = await all((token) => listResourceServers(deps, pool.id, undefined, token));
  if (servers.length > 0) entry['ResourceServers'] = servers.map((rs) => asInput('CreateResourceServer', toResourceServerType(rs) as Record<string, unknown>));

  const groups = await all((token) => listGroups(deps, pool.id, undefined, token));
  if (groups.length > 0) {
    entry['Groups'] = groups.map((g) =>
      Object.fromEntries(
        Object.entries({ GroupName: g.name, Description: g.description, Precedence: g.precedence, RoleArn: g.roleArn }).filter(([, v]) => v !== null),
      ),
    );
  }

  const clients = await all((token) => listUserPoolClients(deps, pool.id, undefined, token));
  if (clients.length > 0) {
    entry['Clients'] = clients.map((c) => {
      const secret = clientSecretOf(c, deps.masterKey);
      const input = asInput('CreateUserPoolClient', toUserPoolClientType(c, secret) as Record<string, unknown>);
      return { ClientId: c.id, ...input, ...(secret !== undefined ? { GenerateSecret: true, ClientSecret: secret } : {}) };
    });
    if (clients.some((c) => c.secretSealed !== null)) notes.push('client secrets are written in plain text: keep the file out of version control, or delete "ClientSecret" to have new ones generated');
  }

  const users = await exportUsers(deps, pool, notes);
  if (users.length > 0) entry['Users'] = users;
  return { document: { UserPools: [entry] }, notes };
}
