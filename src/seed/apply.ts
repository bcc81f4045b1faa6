/**
 * Applies a seed (src/seed/seed-file.ts): creates, through the domain's own use cases (every rule of
 * the API applies), what the seed declares and the database lacks, and leaves what exists alone —
 * at every start, so applying twice changes nothing and changes made through the API since stay.
 * Pools, clients and users are found by their fixed id, ClientId (or ClientName when the seed gives
 * no ClientId) and Username; groups by name, resource servers by identifier, the domain by the
 * pool's having one. Seeded users get no invitation (`MessageAction` defaults to SUPPRESS).
 */
import { randomUUID } from 'node:crypto';
import type { Deps, RequestContext } from '../domain/context.ts';
import type { OperationName } from '../generated/operations.ts';
import { createPool } from '../domain/pools/create-pool.ts';
import { poolConfigOf } from '../domain/pools/pool-config.ts';
import { createPoolDomain } from '../domain/pool-domains/create-domain.ts';
import { createResourceServer } from '../domain/resource-servers/create-resource-server.ts';
import { createGroup } from '../domain/groups/create-group.ts';
import { addUserToGroup } from '../domain/groups/membership.ts';
import { createClient } from '../domain/clients/create-client.ts';
import { createUser } from '../domain/users/create-user.ts';
import { setUserPassword } from '../domain/users/admin-passwords.ts';
import { resolveUser } from '../domain/users/resolve.ts';
import { setMfaPreferenceAsAdmin } from '../domain/mfa/mfa-settings.ts';
import type { PoolRecord } from '../storage/ports/index.ts';
import { SeedError, type Seed, type SeedPool } from './seed-file.ts';

/** What applying a seed did to one pool (one line of the start-up summary). */
export interface SeedSummary {
  userPoolId: string;
  poolName: string;
  /** e.g. `us-east-1_Example1 (example): pool created; 2 clients (2 new), 2 users (2 new), 2 groups (2 new), domain example (new)` */
  line: string;
}

const silent = { info: () => {}, warn: () => {}, error: () => {} };

function contextFor(deps: Deps, operation: OperationName, region: string): RequestContext {
  return { deps, requestId: `seed-${randomUUID()}`, operation, region, sourceIp: '127.0.0.1', log: silent };
}

/** Runs one step; its failure names the seed entry. */
async function step<T>(seed: Seed, path: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof SeedError) throw err;
    const type = (err as { type?: string }).type;
    throw new SeedError(`seed ${seed.source}: ${path}: ${type ? `${type}: ` : ''}${(err as Error).message}`);
  }
}

const counted = (n: number, created: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}${n > 0 ? ` (${created} new)` : ''}`;

async function applyPool(deps: Deps, seed: Seed, entry: SeedPool): Promise<SeedSummary> {
  const region = entry.id.slice(0, entry.id.indexOf('_'));
  const ctx = (op: OperationName): RequestContext => contextFor(deps, op, region);
  const { store } = deps;
  let pool: PoolRecord | undefined = await store.pools.findPool(entry.id);
  const poolCreated = pool === undefined;
  if (!pool) {
    const { PoolName, ...settings } = entry.input;
    pool = await step(seed, entry.path, () => createPool(ctx('CreateUserPool'), PoolName, settings as never, entry.id));
  }
  const poolId = pool.id;

  let domainNote = '';
  if (entry.domain) {
    const wanted = entry.domain;
    const config = poolConfigOf(pool);
    const has = wanted.input.CustomDomainConfig !== undefined ? config.CustomDomain : config.Domain;
    if (has === undefined) await step(seed, wanted.path, () => createPoolDomain(ctx('CreateUserPoolDomain'), { ...wanted.input, UserPoolId: poolId }));
    domainNote = `, domain ${has ?? wanted.input.Domain}${has === undefined ? ' (new)' : ''}`;
  }

  let serversCreated = 0;
  for (const rs of entry.resourceServers) {
    if (await store.oauth.findResourceServer(poolId, rs.input.Identifier)) continue;
    await step(seed, rs.path, () => createResourceServer(ctx('CreateResourceServer'), { ...rs.input, UserPoolId: poolId }));
    serversCreated++;
  }

  let groupsCreated = 0;
  for (const g of entry.groups) {
    if (await store.groups.findGroup(poolId, g.input.GroupName)) continue;
    await step(seed, g.path, () => createGroup(ctx('CreateGroup'), { ...g.input, UserPoolId: poolId }));
    groupsCreated++;
  }

  let clientsCreated = 0;
  for (const c of entry.clients) {
    const exists = c.clientId !== undefined ? await store.clients.findClient(poolId, c.clientId) : await clientNamed(deps, poolId, c.input.ClientName);
    if (exists) continue;
    if (c.clientId !== undefined) {
      const elsewhere = await store.clients.findClientById(c.clientId);
      if (elsewhere) throw new SeedError(`seed ${seed.source}: ${c.path}.ClientId: client ${c.clientId} already belongs to pool ${elsewhere.poolId}`);
    }
    await step(seed, c.path, () => createClient(ctx('CreateUserPoolClient'), { ...c.input, UserPoolId: poolId }, c.clientId));
    clientsCreated++;
  }

  let usersCreated = 0;
  for (const u of entry.users) {
    const current = await store.pools.findPool(poolId);
    if (!current) throw new SeedError(`seed ${seed.source}: ${entry.path}: pool ${poolId} vanished while it was seeded`);
    if (await resolveUser(store, current, u.input.Username)) continue;
    await step(seed, u.path, async () => {
      await createUser(ctx('AdminCreateUser'), current, { MessageAction: 'SUPPRESS', ...u.input, UserPoolId: poolId });
      if (u.password !== undefined) await setUserPassword(ctx('AdminSetUserPassword'), current, { UserPoolId: poolId, Username: u.input.Username, Password: u.password, Permanent: true });
      for (const g of u.groups) await addUserToGroup(ctx('AdminAddUserToGroup'), poolId, g, u.input.Username);
      if (u.mfa) await setMfaPreferenceAsAdmin(deps, current, { ...u.mfa, UserPoolId: poolId, Username: u.input.Username });
    });
    usersCreated++;
  }

  const line =
    `${poolId} (${pool.name}): ${poolCreated ? 'pool created' : 'pool existed'}; ` +
    `${counted(entry.clients.length, clientsCreated, 'client')}, ${counted(entry.users.length, usersCreated, 'user')}, ` +
    `${counted(entry.groups.length, groupsCreated, 'group')}, ${counted(entry.resourceServers.length, serversCreated, 'resource server')}${domainNote}`;
  return { userPoolId: poolId, poolName: pool.name, line };
}

async function clientNamed(deps: Deps, poolId: string, name: string): Promise<boolean> {
  for (let after: string | undefined; ; ) {
    const page = await deps.store.clients.listClients(poolId, after, 100);
    if (page.some((c) => c.name === name)) return true;
    if (page.length < 100) return false;
    after = page[page.length - 1]!.id;
  }
}

/** Creates what the seed declares and the database lacks (all pools, or only `onlyPoolId`'s entry); leaves what exists alone. */
export async function applySeed(deps: Deps, seed: Seed, onlyPoolId?: string): Promise<SeedSummary[]> {
  const summaries: SeedSummary[] = [];
  for (const entry of seed.pools) {
    if (onlyPoolId !== undefined && entry.id !== onlyPoolId) continue;
    summaries.push(await applyPool(deps, seed, entry));
  }
  return summaries;
}
