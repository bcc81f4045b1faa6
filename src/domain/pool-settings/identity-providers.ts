/**
 * User pool identity providers (CreateIdentityProvider & co.): the ProviderDetails each type
 * needs, the details AWS adds on its own (the social providers' fixed endpoints, SAML binding
 * URIs read from a metadata document), the default `username` mapping, and IdentityProviderType.
 *
 * Nothing is fetched: an OIDC issuer's discovery document and a SAML MetadataURL are stored as
 * given, so DescribeIdentityProvider shows only what the request carried (and what a given
 * metadata document says). ProviderDetails hold client secrets and private keys: they are stored
 * sealed with the master key.
 */
import type { IdentityProviderType, IdentityProviderTypeType, ProviderDescription } from '../../generated/shapes.ts';
import { CognitoError } from '../errors.ts';
import type { IdentityProviderRecord, PoolRecord } from '../../storage/ports/index.ts';
import { open, seal } from '../crypto/sealed.ts';
import { poolConfigOf } from '../pools/pool-config.ts';

export type ProviderType = IdentityProviderTypeType;
export type ProviderDetails = Record<string, string>;

/** AWS's quota of identity providers per user pool. */
export const MAX_PROVIDERS_PER_POOL = 300;
/** Social providers: their ProviderName is their type. */
export const SOCIAL_TYPES: ReadonlySet<string> = new Set(['Google', 'Facebook', 'LoginWithAmazon', 'SignInWithApple']);
/** The built-in user directory, as app clients and federation calls name it. */
export const COGNITO_PROVIDER = 'COGNITO';

const REQUIRED_KEYS: Record<ProviderType, readonly string[]> = {
  Google: ['client_id', 'client_secret', 'authorize_scopes'],
  Facebook: ['client_id', 'client_secret', 'authorize_scopes'],
  LoginWithAmazon: ['client_id', 'client_secret', 'authorize_scopes'],
  SignInWithApple: ['client_id', 'team_id', 'key_id', 'private_key', 'authorize_scopes'],
  OIDC: ['client_id', 'attributes_request_method', 'oidc_issuer', 'authorize_scopes'],
  SAML: [],
};

/** The IdP attribute each social provider's `username` maps to (AWS allows only this one). */
const USERNAME_SOURCE: Partial<Record<ProviderType, string>> = {
  Google: 'sub',
  Facebook: 'id',
  LoginWithAmazon: 'user_id',
  SignInWithApple: 'sub',
  OIDC: 'sub',
};
/** Providers whose `username` mapping AWS restricts to USERNAME_SOURCE (Developer Guide, attribute mapping). */
const FIXED_USERNAME: ReadonlySet<string> = new Set(['Google', 'Facebook', 'LoginWithAmazon']);

/** ProviderDetails keys that DescribeIdentityProvider never shows. */
const HIDDEN_KEYS: Partial<Record<ProviderType, readonly string[]>> = { SignInWithApple: ['private_key'] };

const BOOLEAN_SAML_KEYS = ['IDPSignout', 'IDPInit', 'EncryptedResponses'] as const;

const badDetails = (message: string): CognitoError => new CognitoError('InvalidParameterException', `Invalid ProviderDetails: ${message}`);

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** ProviderName rules beyond the model's pattern: social providers are named after their type; COGNITO is reserved. */
export function checkProviderName(name: string, type: ProviderType): void {
  if (name.toUpperCase() === COGNITO_PROVIDER) throw new CognitoError('InvalidParameterException', `ProviderName ${name} is reserved for the user pool directory.`);
  if (SOCIAL_TYPES.has(type) && name !== type) throw new CognitoError('InvalidParameterException', `The ProviderName of a ${type} identity provider must be ${type}.`);
}

/** The `Location` of a SAML metadata endpoint with the HTTP-Redirect binding (`SingleSignOnService` / `SingleLogoutService`). */
function redirectBinding(metadata: string, element: 'SingleSignOnService' | 'SingleLogoutService'): string | undefined {
  const re = new RegExp(`<(?:[\\w-]+:)?${element}\\b([^>]*)>`, 'g');
  for (const m of metadata.matchAll(re)) {
    const attrs = m[1] ?? '';
    if (!/Binding\s*=\s*["']urn:oasis:names:tc:SAML:2\.0:bindings:HTTP-Redirect["']/.test(attrs)) continue;
    const location = /Location\s*=\s*["']([^"']+)["']/.exec(attrs)?.[1];
    if (location !== undefined) return location;
  }
  return undefined;
}

function checkSaml(details: ProviderDetails): ProviderDetails {
  const url = details['MetadataURL'];
  const file = details['MetadataFile'];
  if (url === undefined && file === undefined) throw badDetails('a SAML identity provider needs MetadataURL or MetadataFile.');
  if (url !== undefined && file !== undefined) throw badDetails('give either MetadataURL or MetadataFile, not both.');
  if (url !== undefined && !isHttpUrl(url)) throw badDetails(`MetadataURL ${url} is not an http(s) URL.`);
  const derived: ProviderDetails = { IDPSignout: 'false' };
  if (file !== undefined) {
    if (!/<(?:[\w-]+:)?EntityDescriptor\b/.test(file) || !/<(?:[\w-]+:)?IDPSSODescriptor\b/.test(file)) {
      throw badDetails('MetadataFile is not SAML 2.0 IdP metadata (an EntityDescriptor with an IDPSSODescriptor).');
    }
    const sso = redirectBinding(file, 'SingleSignOnService');
    if (sso === undefined) throw badDetails('MetadataFile has no SingleSignOnService with the HTTP-Redirect binding.');
    derived['SSORedirectBindingURI'] = sso;
    const slo = redirectBinding(file, 'SingleLogoutService');
    if (slo !== undefined) derived['SLORedirectBindingURI'] = slo;
  }
  for (const key of BOOLEAN_SAML_KEYS) {
    const v = details[key];
    if (v !== undefined && v !== 'true' && v !== 'false') throw badDetails(`${key} must be true or false.`);
  }
  const alg = details['RequestSigningAlgorithm'];
  if (alg !== undefined && alg !== 'rsa-sha256') throw badDetails('RequestSigningAlgorithm must be rsa-sha256.');
  return derived;
}

/** What AWS adds to a social provider's details (the documented Describe responses). */
function socialEndpoints(type: ProviderType, details: ProviderDetails): ProviderDetails {
  switch (type) {
    case 'Google':
      return {
        attributes_url: 'https://people.googleapis.com/v1/people/me?personFields=',
        attributes_url_add_attributes: 'true',
        authorize_url: 'https://accounts.google.com/o/oauth2/v2/auth',
        oidc_issuer: 'https://accounts.google.com',
        token_request_method: 'POST',
        token_url: 'https://www.googleapis.com/oauth2/v4/token',
      };
    case 'Facebook': {
      const v = details['api_version'];
      const path = v !== undefined && v !== '' ? `${v}/` : '';
      return {
        attributes_url: `https://graph.facebook.com/${path}me?fields=`,
        attributes_url_add_attributes: 'true',
        authorize_url: `https://www.facebook.com/${path}dialog/oauth`,
        token_request_method: 'GET',
        token_url: `https://graph.facebook.com/${path}oauth/access_token`,
      };
    }
    case 'LoginWithAmazon':
      return {
        attributes_url: 'https://api.amazon.com/user/profile',
        attributes_url_add_attributes: 'false',
        authorize_url: 'https://www.amazon.com/ap/oa',
        token_request_method: 'POST',
        token_url: 'https://api.amazon.com/auth/o2/token',
      };
    case 'SignInWithApple':
      return {
        attributes_url_add_attributes: 'false',
        authorize_url: 'https://appleid.apple.com/auth/authorize',
        oidc_issuer: 'https://appleid.apple.com',
        token_request_method: 'POST',
        token_url: 'https://appleid.apple.com/auth/token',
      };
    default:
      return {};
  }
}

/**
 * The ProviderDetails to store: the request's, checked for the keys the type needs, plus what AWS
 * derives itself (the values a request gives win, so a Describe answer sent back stays valid).
 */
export function providerDetailsFor(type: ProviderType, given: ProviderDetails): ProviderDetails {
  for (const key of REQUIRED_KEYS[type]) {
    const v = given[key];
    if (v === undefined || v.trim() === '') throw badDetails(`${key} is required for a ${type} identity provider.`);
  }
  let derived: ProviderDetails = {};
  if (type === 'SAML') {
    derived = checkSaml(given);
  } else if (type === 'OIDC') {
    const method = given['attributes_request_method'];
    if (method !== 'GET' && method !== 'POST') throw badDetails('attributes_request_method must be GET or POST.');
    const issuer = given['oidc_issuer'] ?? '';
    if (!isHttpUrl(issuer)) throw badDetails(`oidc_issuer ${issuer} is not an http(s) URL.`);
    for (const key of ['authorize_url', 'token_url', 'attributes_url', 'jwks_uri']) {
      const v = given[key];
      if (v !== undefined && !isHttpUrl(v)) throw badDetails(`${key} ${v} is not an http(s) URL.`);
    }
    derived = { attributes_url_add_attributes: 'false' };
  } else {
    derived = socialEndpoints(type, given);
  }
  const out: ProviderDetails = { ...derived, ...given };
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The details DescribeIdentityProvider shows (Sign in with Apple's private key never leaves the server). */
export function visibleDetails(type: string, details: ProviderDetails): ProviderDetails {
  const hidden = HIDDEN_KEYS[type as ProviderType] ?? [];
  return Object.fromEntries(Object.entries(details).filter(([k]) => !hidden.includes(k)));
}

/**
 * UpdateIdentityProvider replaces ProviderDetails; a key the Describe answer never shows (Apple's
 * private_key) is kept when the new details leave it out.
 */
export function mergeHiddenDetails(type: string, stored: ProviderDetails, given: ProviderDetails): ProviderDetails {
  const out = { ...given };
  for (const key of HIDDEN_KEYS[type as ProviderType] ?? []) {
    const kept = stored[key];
    if (out[key] === undefined && kept !== undefined) out[key] = kept;
  }
  return out;
}

/**
 * AttributeMapping: keys are user pool attributes (or `username`), values the IdP's claim names.
 * A `username` mapping is added as AWS does when the request has none (not for SAML).
 */
export function attributeMappingFor(pool: PoolRecord, type: ProviderType, given: Record<string, string> | undefined): Record<string, string> {
  const schema = new Set(poolConfigOf(pool).SchemaAttributes.map((a) => a.Name));
  const out: Record<string, string> = {};
  for (const [attribute, claim] of Object.entries(given ?? {})) {
    if (attribute !== 'username' && (!schema.has(attribute) || attribute === 'sub')) {
      throw new CognitoError('InvalidParameterException', `Invalid AttributeMapping: ${attribute} is not a mappable attribute of user pool ${pool.id}.`);
    }
    if (claim.trim() === '') throw new CognitoError('InvalidParameterException', `Invalid AttributeMapping: the IdP attribute mapped to ${attribute} is empty.`);
    out[attribute] = claim;
  }
  const source = USERNAME_SOURCE[type];
  if (out['username'] !== undefined && FIXED_USERNAME.has(type) && out['username'] !== source) {
    throw new CognitoError('InvalidParameterException', `Invalid AttributeMapping: username of a ${type} identity provider can only be mapped to ${source}.`);
  }
  if (out['username'] === undefined && source !== undefined) out['username'] = source;
  return out;
}

/** IdpIdentifiers as given, each once (a repeat within one request is an error). */
export function idpIdentifiersFor(given: string[] | undefined): string[] {
  const out: string[] = [];
  for (const id of given ?? []) {
    if (out.includes(id)) throw new CognitoError('InvalidParameterException', `Duplicate IdpIdentifier ${id} in the request.`);
    out.push(id);
  }
  return out;
}

export const noSuchProvider = (name: string): CognitoError => new CognitoError('ResourceNotFoundException', `Identity provider ${name} does not exist.`);
export const duplicateProvider = (name: string): CognitoError => new CognitoError('DuplicateProviderException', `A provider with the name ${name} already exists in this user pool.`);
export const duplicateIdentifier = (): CognitoError => new CognitoError('DuplicateProviderException', 'An IdpIdentifier of the request is already used by another identity provider of this user pool.');

/** The pool's own directory (`COGNITO`) is not an IdP that can be changed: UnsupportedIdentityProviderException. */
export function refuseCognitoProvider(name: string, change: 'updated' | 'deleted'): void {
  if (name.toUpperCase() === COGNITO_PROVIDER) {
    throw new CognitoError('UnsupportedIdentityProviderException', `The identity provider ${name} is the user pool directory and cannot be ${change}.`);
  }
}

export const detailsAad = (poolId: string, name: string): string => `idp-details:${poolId}:${name}`;

export function sealDetails(masterKey: Buffer, poolId: string, name: string, details: ProviderDetails): string {
  return seal(masterKey, Buffer.from(JSON.stringify(details), 'utf8'), detailsAad(poolId, name)).toString('base64');
}

export function openDetails(masterKey: Buffer, provider: IdentityProviderRecord): ProviderDetails {
  return JSON.parse(open(masterKey, Buffer.from(provider.detailsSealed, 'base64'), detailsAad(provider.poolId, provider.name)).toString('utf8')) as ProviderDetails;
}

/** IdentityProviderType as Create/Describe/Update/GetIdentityProviderByIdentifier return it. */
export function toIdentityProviderType(provider: IdentityProviderRecord, masterKey: Buffer): IdentityProviderType {
  return {
    UserPoolId: provider.poolId,
    ProviderName: provider.name,
    ProviderType: provider.type as ProviderType,
    ProviderDetails: visibleDetails(provider.type, openDetails(masterKey, provider)),
    AttributeMapping: { ...provider.attributeMapping },
    IdpIdentifiers: [...provider.idpIdentifiers],
    LastModifiedDate: provider.updatedAt / 1000,
    CreationDate: provider.createdAt / 1000,
  };
}

/** ListIdentityProviders' ProviderDescription. */
export function toProviderDescription(provider: IdentityProviderRecord): ProviderDescription {
  return {
    ProviderName: provider.name,
    ProviderType: provider.type as ProviderType,
    LastModifiedDate: provider.updatedAt / 1000,
    CreationDate: provider.createdAt / 1000,
  };
}
