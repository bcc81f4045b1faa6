/**
 * The user a federated sign-in signs in (Developer Guide, "User pool sign-in with third party
 * identity providers" and "Linking federated users to an existing user profile"):
 * - an external identity linked to a user of the pool (AdminLinkProviderForUser, `Cognito_Subject`)
 *   signs in as that user;
 * - otherwise the pool's user `<ProviderName>_<IdP username>`, status EXTERNAL_PROVIDER, whose mapped
 *   attributes are refreshed from the IdP at every sign-in;
 * - created at the first sign-in, after the PreSignUp trigger (`PreSignUp_ExternalProvider`, with
 *   the mapped attributes) has accepted it. A link the function makes (the usual "merge into the
 *   existing account" pattern) is honoured at once.
 * Federated users claim no sign-in aliases: the IdP vouches for them, not their e-mail address.
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../context.ts';
import { CognitoError } from '../errors.ts';
import { booleanMember, runTrigger } from '../triggers/run-trigger.ts';
import { newUserRecord } from '../users/new-user.ts';
import { poolConfigOf } from '../pools/pool-config.ts';
import { usernameKey } from '../users/username.ts';
import { UniqueViolation, type ClientRecord, type IdentityProviderRecord, type PoolRecord, type UserRecord } from '../../storage/ports/index.ts';
import { COGNITO_SUBJECT, type IdentityEntry } from '../pool-settings/federation.ts';

/** AWS's limit on an attribute value. */
const MAX_ATTRIBUTE_LENGTH = 2048;

function claimText(claims: Record<string, unknown>, name: string): string | undefined {
  const v = claims[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** The pool attributes the provider's AttributeMapping fills from the IdP's claims. */
function mappedAttributes(provider: IdentityProviderRecord, claims: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [attribute, claim] of Object.entries(provider.attributeMapping)) {
    if (attribute === 'username') continue;
    const value = claimText(claims, claim);
    if (value === undefined) continue;
    if (value.length > MAX_ATTRIBUTE_LENGTH) {
      throw new CognitoError('InvalidParameterException', `The identity provider's ${claim} is longer than ${MAX_ATTRIBUTE_LENGTH} characters and cannot be stored in ${attribute}.`);
    }
    out[attribute] = value;
  }
  return out;
}

const disabled = (): CognitoError => new CognitoError('NotAuthorizedException', 'User is disabled.');

/**
 * The user an identity is linked to: by the IdP's subject (`Cognito_Subject`), or by a mapped user
 * pool attribute a link names (AdminLinkProviderForUser for OIDC: "set the user pool attribute name
 * as the value of ProviderAttributeName").
 */
async function linkedUser(deps: Deps, provider: IdentityProviderRecord, subject: string, attributes: Record<string, string>): Promise<UserRecord | undefined> {
  for (const [name, value] of [[COGNITO_SUBJECT, subject], ...Object.entries(attributes)] as Array<[string, string]>) {
    const link = await deps.store.federation.findIdentityLink(provider.poolId, provider.name, name, value);
    const user = link && (await deps.store.users.findUserBySub(provider.poolId, link.userSub));
    if (user !== undefined) return user;
  }
  return undefined;
}

/**
 * The federated user with this username key. A user of the pool's own directory who happens to
 * have that name is never signed in by an IdP (with `username` mapped to a claim the IdP's users
 * choose, that would hand over the account): the sign-in is refused.
 */
async function federatedUserNamed(deps: Deps, pool: PoolRecord, key: string): Promise<UserRecord | undefined> {
  const user = await deps.store.users.findUserByUsernameKey(pool.id, key);
  if (user !== undefined && user.status !== 'EXTERNAL_PROVIDER') {
    throw new CognitoError('UsernameExistsException', `The username ${user.username} belongs to a user who signs in with the user pool's directory, not with an identity provider.`);
  }
  return user;
}

function usable(user: UserRecord): UserRecord {
  if (!user.enabled) throw disabled();
  return user;
}

/** The user to sign in for a verified IdP sign-in (`claims`: the ID token's, with userInfo's). */
export async function federatedUser(deps: Deps, pool: PoolRecord, client: ClientRecord, provider: IdentityProviderRecord, claims: Record<string, unknown>, issuer: string | null): Promise<UserRecord> {
  const subject = claimText(claims, 'sub');
  const idpUsername = claimText(claims, provider.attributeMapping['username'] ?? 'sub');
  if (subject === undefined || idpUsername === undefined) throw new CognitoError('InvalidParameterException', `The identity provider's answer has no ${subject === undefined ? 'sub' : provider.attributeMapping['username']} to name the user by.`);
  const username = `${provider.name}_${idpUsername}`;
  const attributes = mappedAttributes(provider, claims);
  // The user the identity is linked to: the federated user made from it, or one it was linked to.
  const linked = await linkedUser(deps, provider, subject, attributes);
  if (linked !== undefined) return linked.username === username ? refreshAttributes(deps, usable(linked), attributes) : usable(linked);
  const key = usernameKey(pool, username);
  const existing = await federatedUserNamed(deps, pool, key);
  if (existing !== undefined) return refreshAttributes(deps, usable(existing), attributes);

  // Checked before PreSignUp runs, as on AWS: a pool that requires an attribute the IdP does not
  // send cannot take the user (the message is the one AWS's hosted pages show).
  const missing = poolConfigOf(pool).SchemaAttributes.filter((a) => a.Required && a.Name !== 'sub' && !attributes[a.Name]).map((a) => a.Name);
  if (missing.length > 0) throw new CognitoError('InvalidParameterException', `Invalid user attributes: ${missing.join(', ')}. The attribute is required.`);
  const answer = await runTrigger(deps, pool, 'PreSignUp', {
    triggerSource: 'PreSignUp_ExternalProvider',
    userName: username,
    clientId: client.id,
    request: { userAttributes: { ...attributes }, validationData: null },
  });
  const linkedNow = await linkedUser(deps, provider, subject, attributes);
  if (linkedNow !== undefined) return usable(linkedNow);
  if (answer !== undefined) {
    if (booleanMember(answer, 'autoVerifyEmail') && attributes['email']) attributes['email_verified'] = 'true';
    if (booleanMember(answer, 'autoVerifyPhone') && attributes['phone_number']) attributes['phone_number_verified'] = 'true';
  }

  // The user and the link of its own identity (what AdminDisableProviderForUser removes, and what
  // `identities` is written from) in one transaction.
  const now = deps.now();
  const identity: IdentityEntry = { userId: subject, providerName: provider.name, providerType: provider.type, issuer, primary: true, dateCreated: now };
  const user = newUserRecord(pool, { sub: randomUUID(), username, status: 'EXTERNAL_PROVIDER', attributes: { ...attributes, identities: JSON.stringify([identity]) }, now });
  Object.assign(user, { emailAlias: null, phoneAlias: null, preferredUsernameAlias: null });
  try {
    await deps.store.transaction(async (tx) => {
      await tx.users.insertUser(user);
      await tx.federation.insertIdentityLink({ poolId: pool.id, providerName: provider.name, attributeName: COGNITO_SUBJECT, attributeValue: subject, userSub: user.sub, createdAt: now });
    });
  } catch (err) {
    // Two first sign-ins at once: the other one created the user.
    if (!(err instanceof UniqueViolation) || (err.rule !== 'username' && err.rule !== 'identity_link')) throw err;
    const winner = (await linkedUser(deps, provider, subject, attributes)) ?? (await federatedUserNamed(deps, pool, key));
    if (winner === undefined) throw err;
    return usable(winner);
  }
  return user;
}

/** Mapped attributes follow the IdP at every sign-in (only when one changed). */
async function refreshAttributes(deps: Deps, user: UserRecord, attributes: Record<string, string>): Promise<UserRecord> {
  if (Object.entries(attributes).every(([k, v]) => user.attributes[k] === v)) return user;
  const updated: UserRecord = { ...user, attributes: { ...user.attributes, ...attributes }, updatedAt: Math.max(deps.now(), user.updatedAt) };
  await deps.store.users.updateUser(updated);
  return updated;
}
