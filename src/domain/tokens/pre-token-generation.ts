/**
 * The pre token generation trigger (Developer Guide, "Pre token generation Lambda trigger"): before
 * tokens are signed, the function sees the user's attributes, groups and (V2/V3) scopes and may add,
 * override or suppress claims and scopes and replace the groups. Version 1 (`claimsOverrideDetails`)
 * changes the ID token; versions 2 and 3 (`claimsAndScopeOverrideDetails`) the ID and the access
 * token. Claims Cognito itself owns are never changed (the overrides of those are ignored).
 */
import type { Deps } from '../context.ts';
import type { ClientRecord, PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { isObject, runTrigger, triggerOf, unrecognizableOutput } from '../triggers/run-trigger.ts';

/** Claims a function cannot add, override or suppress. */
const RESERVED = new Set(['acr', 'amr', 'aud', 'auth_time', 'azp', 'exp', 'iat', 'identities', 'iss', 'sub', 'token_use', 'nonce', 'at_hash', 'event_id', 'origin_jti', 'jti', 'nbf', 'cognito:username', 'username', 'client_id', 'scope', 'version', 'device_key']);

export interface GroupClaims {
  names: string[];
  roles: string[];
  preferredRole: string | undefined;
}

export interface TokenChanges {
  groups: GroupClaims;
  scope: string;
  /** Applies the function's claim changes to one token's claims (in place). */
  apply(token: 'id' | 'access', claims: Record<string, unknown>): void;
}

function map(v: unknown): Record<string, unknown> {
  if (v === undefined || v === null) return {};
  if (!isObject(v)) throw unrecognizableOutput();
  return v;
}

function strings(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw unrecognizableOutput();
  return v;
}

interface ClaimEdits {
  add: Record<string, unknown>;
  suppress: string[];
}

function claimEdits(v: unknown, stringValuesOnly: boolean): ClaimEdits {
  const m = map(v);
  const add = map(m['claimsToAddOrOverride']);
  for (const value of Object.values(add)) {
    const ok = stringValuesOnly ? ['string', 'number', 'boolean'].includes(typeof value) : value !== undefined;
    if (!ok) throw unrecognizableOutput();
  }
  return { add, suppress: strings(m['claimsToSuppress']) ?? [] };
}

function applyEdits(edits: ClaimEdits, claims: Record<string, unknown>): void {
  for (const name of edits.suppress) if (!RESERVED.has(name)) delete claims[name];
  for (const [name, value] of Object.entries(edits.add)) if (!RESERVED.has(name)) claims[name] = value;
}

/**
 * Runs the pool's pre token generation function, if any; returns the groups and scope to use and
 * the claim edits, or undefined without a function (nothing changes).
 */
export async function preTokenGeneration(
  deps: Deps,
  input: { pool: PoolRecord; client: ClientRecord; user: UserRecord; triggerSource: string; groups: GroupClaims; scope: string; oauth: boolean; clientMetadata?: Record<string, string> | undefined },
): Promise<TokenChanges | undefined> {
  const { pool, client, user, groups } = input;
  const found = triggerOf(pool, 'PreTokenGeneration');
  if (found === undefined) return undefined;
  const scopes = input.scope.split(' ').filter((s) => s !== '');
  const response = await runTrigger(deps, pool, 'PreTokenGeneration', {
    triggerSource: input.triggerSource,
    userName: user.username,
    clientId: client.id,
    request: {
      userAttributes: { sub: user.sub, ...user.attributes, 'cognito:user_status': user.status },
      groupConfiguration: { groupsToOverride: groups.names, iamRolesToOverride: groups.roles, ...(groups.preferredRole !== undefined ? { preferredRole: groups.preferredRole } : {}) },
      ...(found.version !== '1' ? { scopes } : {}),
      ...(input.clientMetadata !== undefined ? { clientMetadata: input.clientMetadata } : {}),
    },
  });
  if (response === undefined) return undefined;

  let id: ClaimEdits = { add: {}, suppress: [] };
  let access: ClaimEdits = { add: {}, suppress: [] };
  let groupOverride: Record<string, unknown> = {};
  let scopeList = scopes;
  if (found.version === '1') {
    const details = map(response['claimsOverrideDetails']);
    id = claimEdits(details, true);
    groupOverride = map(details['groupOverrideDetails']);
  } else {
    const details = map(response['claimsAndScopeOverrideDetails']);
    id = claimEdits(details['idTokenGeneration'], false);
    const accessDetails = map(details['accessTokenGeneration']);
    access = claimEdits(accessDetails, false);
    groupOverride = map(details['groupOverrideDetails']);
    const suppress = new Set(strings(accessDetails['scopesToSuppress']) ?? []);
    scopeList = [...new Set([...scopes.filter((s) => !suppress.has(s)), ...(strings(accessDetails['scopesToAdd']) ?? [])])];
  }
  const preferred = groupOverride['preferredRole'];
  if (preferred !== undefined && preferred !== null && typeof preferred !== 'string') throw unrecognizableOutput();
  const changed: GroupClaims = {
    names: strings(groupOverride['groupsToOverride']) ?? groups.names,
    roles: strings(groupOverride['iamRolesToOverride']) ?? groups.roles,
    preferredRole: typeof preferred === 'string' ? preferred : groups.preferredRole,
  };
  return {
    groups: changed,
    scope: scopeList.join(' '),
    apply: (token, claims) => applyEdits(token === 'id' ? id : access, claims),
  };
}

/**
 * TokenGeneration_ClientCredentials: a V3_0 function also sees machine-to-machine access tokens
 * (client_credentials) and may change their claims and scopes; V1/V2 functions are not run for
 * them. There is no user: `userName` is null, `userAttributes` and the groups are empty (AWS's guide
 * does not spell the M2M event out; empty values rather than nulls keep V2-style functions working).
 */
export async function machineTokenGeneration(
  deps: Deps,
  input: { pool: PoolRecord; client: ClientRecord; scopes: string[]; clientMetadata?: Record<string, string> | undefined },
): Promise<{ scopes: string[]; apply(claims: Record<string, unknown>): void } | undefined> {
  const found = triggerOf(input.pool, 'PreTokenGeneration');
  if (found === undefined || found.version !== '3') return undefined;
  const response = await runTrigger(deps, input.pool, 'PreTokenGeneration', {
    triggerSource: 'TokenGeneration_ClientCredentials',
    userName: null,
    clientId: input.client.id,
    request: {
      userAttributes: {},
      groupConfiguration: { groupsToOverride: [], iamRolesToOverride: [] },
      scopes: input.scopes,
      ...(input.clientMetadata !== undefined ? { clientMetadata: input.clientMetadata } : {}),
    },
  });
  if (response === undefined) return undefined;
  const accessDetails = map(map(response['claimsAndScopeOverrideDetails'])['accessTokenGeneration']);
  const edits = claimEdits(accessDetails, false);
  const suppress = new Set(strings(accessDetails['scopesToSuppress']) ?? []);
  const scopes = [...new Set([...input.scopes.filter((s) => !suppress.has(s)), ...(strings(accessDetails['scopesToAdd']) ?? [])])];
  return { scopes, apply: (claims) => applyEdits(edits, claims) };
}
