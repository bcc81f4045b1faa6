/**
 * Federation links (AdminLinkProviderForUser / AdminDisableProviderForUser): an external identity
 * (provider + attribute + value) linked to a user of the pool, shown on the user as AWS shows it,
 * in the `identities` attribute:
 * `[{"userId":"…","providerName":"Google","providerType":"Google","issuer":null,"primary":false,"dateCreated":1700000000000}]`.
 * The links live in their own rows (one external identity belongs to one user); the attribute is
 * rewritten from them, in the same transaction, whenever they change.
 */
import { CognitoError } from '../errors.ts';
import type { IdentityLinkRecord, IdentityProviderRecord, PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import type { Store } from '../../storage/ports/index.ts';
import { poolConfigOf } from '../pools/pool-config.ts';
import { openDetails, SOCIAL_TYPES } from './identity-providers.ts';

/** The attribute name meaning "the IdP's own subject" (sub / id / user_id / NameID). */
export const COGNITO_SUBJECT = 'Cognito_Subject';
/** AWS: "The maximum number of federated identities linked to a user is five." */
export const MAX_LINKED_IDENTITIES = 5;

export interface IdentityEntry {
  userId: string;
  providerName: string;
  providerType: string;
  issuer: string | null;
  primary: boolean;
  dateCreated: number;
}

export const unknownProvider = (pool: PoolRecord, name: string): CognitoError => new CognitoError('InvalidParameterException', `The provider ${name} does not exist for User Pool ${pool.id}`);

/**
 * The attribute a SourceUser / User names must fit the provider: social providers only know their
 * subject (`Cognito_Subject`); OIDC and SAML take `Cognito_Subject` or a user pool attribute their
 * AttributeMapping fills.
 */
export function checkProviderAttribute(provider: IdentityProviderRecord, attributeName: string, role: 'SourceUser' | 'User'): void {
  if (attributeName === COGNITO_SUBJECT) return;
  if (SOCIAL_TYPES.has(provider.type)) {
    throw new CognitoError('InvalidParameterException', `${role}.ProviderAttributeName must be ${COGNITO_SUBJECT} for the ${provider.type} identity provider.`);
  }
  if (provider.attributeMapping[attributeName] === undefined) {
    throw new CognitoError('InvalidParameterException', `${role}.ProviderAttributeName ${attributeName} is neither ${COGNITO_SUBJECT} nor a user pool attribute in the AttributeMapping of identity provider ${provider.name}.`);
  }
}

/** Usernames AWS gives a federated user on first sign-in: `<ProviderName>_<subject>` (social ones lower-cased, e.g. `google_1234`). */
export function federatedUsernames(providerName: string, subject: string): string[] {
  return [...new Set([`${providerName}_${subject}`, `${providerName.toLowerCase()}_${subject}`])];
}

/** AdminLinkProviderForUser requires every attribute the destination user has to be mutable. */
export function checkAllAttributesMutable(pool: PoolRecord, user: UserRecord): void {
  for (const attr of poolConfigOf(pool).SchemaAttributes) {
    if (attr.Mutable || attr.Name === 'sub' || user.attributes[attr.Name] === undefined) continue;
    throw new CognitoError('InvalidParameterException', `DestinationUser has a value for the immutable attribute ${attr.Name}; every attribute of a user linked to a federated identity must be mutable.`);
  }
}

/**
 * The `identities` attribute value for `links` (undefined when there are none). The identity a
 * federated user was created from (`<ProviderName>_<subject>` is its username) is the primary one.
 */
export async function identitiesAttribute(store: Store, masterKey: Buffer, links: IdentityLinkRecord[], username: string): Promise<string | undefined> {
  if (links.length === 0) return undefined;
  const providers = new Map<string, IdentityProviderRecord | undefined>();
  const entries: IdentityEntry[] = [];
  for (const link of links) {
    if (!providers.has(link.providerName)) providers.set(link.providerName, await store.federation.findIdentityProvider(link.poolId, link.providerName));
    const provider = providers.get(link.providerName);
    const issuer = provider?.type === 'OIDC' ? (openDetails(masterKey, provider)['oidc_issuer'] ?? null) : null;
    entries.push({
      userId: link.attributeValue,
      providerName: link.providerName,
      providerType: provider?.type ?? link.providerName,
      issuer,
      primary: federatedUsernames(link.providerName, link.attributeValue).includes(username),
      dateCreated: link.createdAt,
    });
  }
  return JSON.stringify(entries);
}

/**
 * Rewrites the user's `identities` attribute from its links (inside the transaction that changed
 * them, with the user row locked) and moves UserLastModifiedDate.
 */
export async function syncIdentitiesAttribute(tx: Store, masterKey: Buffer, user: UserRecord, now: number): Promise<void> {
  const links = await tx.federation.listIdentityLinksOfUser(user.poolId, user.sub);
  const value = await identitiesAttribute(tx, masterKey, links, user.username);
  const attributes = { ...user.attributes };
  if (value === undefined) delete attributes['identities'];
  else attributes['identities'] = value;
  await tx.users.updateUser({ ...user, attributes, updatedAt: Math.max(now, user.updatedAt) });
}
