/** A user pool identity provider. `detailsSealed` holds the ProviderDetails JSON (client secrets, keys) sealed. */
export interface IdentityProviderRecord {
  poolId: string;
  name: string;
  type: string;
  detailsSealed: string;
  attributeMapping: Record<string, string>;
  idpIdentifiers: string[];
  createdAt: number;
  updatedAt: number;
}

/** An external identity linked to a user (AdminLinkProviderForUser's SourceUser → DestinationUser). */
export interface IdentityLinkRecord {
  poolId: string;
  providerName: string;
  attributeName: string;
  attributeValue: string;
  userSub: string;
  createdAt: number;
}

/** Identity providers and the links of federated identities to users. */
export interface FederationStore {
  /** A provider and its IdpIdentifiers (call inside a transaction: two tables). */
  insertIdentityProvider(p: IdentityProviderRecord): Promise<void>;
  /** Rewrites a provider and replaces its IdpIdentifiers (call inside a transaction); false when it is gone. */
  updateIdentityProvider(p: IdentityProviderRecord): Promise<boolean>;
  findIdentityProvider(poolId: string, name: string): Promise<IdentityProviderRecord | undefined>;
  findIdentityProviderByIdentifier(poolId: string, identifier: string): Promise<IdentityProviderRecord | undefined>;
  /** Providers in name order after `afterName`. */
  listIdentityProviders(poolId: string, afterName: string | undefined, limit: number): Promise<IdentityProviderRecord[]>;
  listIdentityProviderNames(poolId: string): Promise<string[]>;
  countIdentityProviders(poolId: string): Promise<number>;
  deleteIdentityProvider(poolId: string, name: string): Promise<boolean>;
  insertIdentityLink(l: IdentityLinkRecord): Promise<void>;
  findIdentityLink(poolId: string, providerName: string, attributeName: string, attributeValue: string): Promise<IdentityLinkRecord | undefined>;
  /** A user's linked identities, oldest first. */
  listIdentityLinksOfUser(poolId: string, userSub: string): Promise<IdentityLinkRecord[]>;
  deleteIdentityLink(poolId: string, providerName: string, attributeName: string, attributeValue: string): Promise<boolean>;
}
