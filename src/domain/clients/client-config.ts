/**
 * App clients: settings with AWS's defaults and validation, ids and secrets, and the
 * UserPoolClientType that CreateUserPoolClient / DescribeUserPoolClient / UpdateUserPoolClient return.
 *
 * What AWS echoes for a client created with nothing but a name (observed responses):
 * `RefreshTokenValidity: 30, TokenValidityUnits: {}, AllowedOAuthFlowsUserPoolClient: false,
 * EnableTokenRevocation: true, EnablePropagateAdditionalUserContextData: false,
 * AuthSessionValidity: 3` — and nothing else: AccessTokenValidity / IdTokenValidity,
 * ExplicitAuthFlows, Read/WriteAttributes and PreventUserExistenceErrors are absent until set.
 * Absent still has a meaning: access and ID tokens live one hour (tokens/validity.ts reads every
 * lifetime), the flows are ALLOW_REFRESH_TOKEN_AUTH / ALLOW_USER_SRP_AUTH / ALLOW_CUSTOM_AUTH
 * (`effectiveAuthFlows`), and user-existence errors behave as `LEGACY` (the documented default
 * for API-created clients).
 */
import { randomInt } from 'node:crypto';
import { CognitoError } from '../errors.ts';
import { open, seal } from '../crypto/sealed.ts';
import type { SchemaAttribute } from '../pools/schema.ts';
import type { ClientRecord } from '../../storage/ports/index.ts';
import { UNIT_SECONDS } from '../tokens/validity.ts';
import type {
  AnalyticsConfigurationType,
  ExplicitAuthFlowsType,
  OAuthFlowType,
  PreventUserExistenceErrorTypes,
  RefreshTokenRotationType,
  TimeUnitsType,
  TokenValidityUnitsType,
  UpdateUserPoolClientRequest,
  UserPoolClientType,
} from '../../generated/shapes.ts';

/** What `ClientRecord.config` holds: UserPoolClientType members other than ids, name, secret and dates. */
export interface ClientConfig {
  RefreshTokenValidity: number;
  AccessTokenValidity?: number;
  IdTokenValidity?: number;
  TokenValidityUnits: TokenValidityUnitsType;
  ReadAttributes?: string[];
  WriteAttributes?: string[];
  ExplicitAuthFlows?: ExplicitAuthFlowsType[];
  SupportedIdentityProviders?: string[];
  CallbackURLs?: string[];
  LogoutURLs?: string[];
  DefaultRedirectURI?: string;
  AllowedOAuthFlows?: OAuthFlowType[];
  AllowedOAuthScopes?: string[];
  AllowedOAuthFlowsUserPoolClient: boolean;
  AnalyticsConfiguration?: AnalyticsConfigurationType;
  PreventUserExistenceErrors?: PreventUserExistenceErrorTypes;
  EnableTokenRevocation: boolean;
  EnablePropagateAdditionalUserContextData: boolean;
  AuthSessionValidity: number;
  RefreshTokenRotation?: RefreshTokenRotationType;
}

/** The settings members of CreateUserPoolClient / UpdateUserPoolClient (omitted ⇒ default, on both). */
export type ClientSettingsInput = Omit<UpdateUserPoolClientRequest, 'UserPoolId' | 'ClientId' | 'ClientName'>;

/** What validation needs to know about the pool and the client. */
export interface ClientValidationContext {
  operation: 'create' | 'update';
  poolId: string;
  /** The pool's schema (ReadAttributes / WriteAttributes must name its attributes). */
  schema: SchemaAttribute[];
  /** `LITE`, `ESSENTIALS` or `PLUS`. */
  poolTier: string;
  /** Whether the client has (or is getting) a client secret. */
  hasSecret: boolean;
  /** Names of the pool's identity providers (besides the built-in `COGNITO`). */
  identityProviders: ReadonlySet<string>;
  /** Custom scopes of the pool's resource servers, as `<identifier>/<scope>`. */
  resourceServerScopes: ReadonlySet<string>;
}

export const DEFAULT_REFRESH_TOKEN_VALIDITY_DAYS = 30;
export const DEFAULT_AUTH_SESSION_VALIDITY_MINUTES = 3;
export const DEFAULT_EXPLICIT_AUTH_FLOWS: readonly ExplicitAuthFlowsType[] = ['ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH', 'ALLOW_CUSTOM_AUTH'];
export const LEGACY_AUTH_FLOWS: ReadonlySet<string> = new Set(['ADMIN_NO_SRP_AUTH', 'CUSTOM_AUTH_FLOW_ONLY', 'USER_PASSWORD_AUTH']);
/** Scopes every pool has (the OIDC ones and Cognito's own). */
export const STANDARD_SCOPES: ReadonlySet<string> = new Set(['phone', 'email', 'openid', 'profile', 'aws.cognito.signin.user.admin']);

/** AWS's ranges: access and ID tokens 5 minutes – 1 day; refresh tokens 60 minutes – 10 years. */
const ACCESS_RANGE = { min: 5 * 60, max: 86400 };
const REFRESH_RANGE = { min: 60 * 60, max: 3650 * 86400 };

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const randomString = (length: number): string => {
  let s = '';
  for (let i = 0; i < length; i++) s += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  return s;
};
/** A client id as AWS makes them: 26 characters of `[a-z0-9]`. */
export const newClientId = (): string => randomString(26);
/** A generated client secret as AWS makes them: 51 characters of `[a-z0-9]` (~263 bits). */
export const generateClientSecret = (): string => randomString(51);

export const secretAad = (clientId: string): string => `client-secret:${clientId}`;
/** The secret sealed under the master key and bound to its client id; what `ClientRecord.secretSealed` holds. */
export function sealClientSecret(masterKey: Buffer, clientId: string, secret: string): string {
  return seal(masterKey, Buffer.from(secret, 'utf8'), secretAad(clientId)).toString('base64');
}
/** The client's secret in plain text, or undefined for a public client. */
export function clientSecretOf(client: ClientRecord, masterKey: Buffer): string | undefined {
  if (client.secretSealed === null) return undefined;
  return open(masterKey, Buffer.from(client.secretSealed, 'base64'), secretAad(client.id)).toString('utf8');
}

/**
 * Every active secret of the client in plain text, oldest first (AddUserPoolClientSecret allows
 * two at a time); empty for a public client. SECRET_HASH and ClientSecret checks accept any of them.
 */
export function clientSecretsOf(client: ClientRecord, masterKey: Buffer): string[] {
  if (client.secrets !== undefined) return client.secrets.map((s) => open(masterKey, Buffer.from(s.sealed, 'base64'), secretAad(client.id)).toString('utf8'));
  const secret = clientSecretOf(client, masterKey);
  return secret === undefined ? [] : [secret];
}

export const clientConfigOf = (client: ClientRecord): ClientConfig => client.config as unknown as ClientConfig;

/** DescribeUserPoolClient's UserPoolClientType; `secret` (from clientSecretOf) is included when given. */
export function toUserPoolClientType(client: ClientRecord, secret?: string): UserPoolClientType {
  const out: UserPoolClientType = { UserPoolId: client.poolId, ClientName: client.name, ClientId: client.id };
  if (secret !== undefined) out.ClientSecret = secret;
  out.LastModifiedDate = client.updatedAt / 1000;
  out.CreationDate = client.createdAt / 1000;
  return { ...out, ...clientConfigOf(client) };
}

/**
 * The `ALLOW_*` flows a client permits. Unset ⇒ the documented default. Legacy values (which
 * predate the ALLOW_ names and always permitted SRP and refresh) map onto their replacements;
 * `CUSTOM_AUTH_FLOW_ONLY` permits custom auth (and refresh) only.
 */
export function effectiveAuthFlows(config: ClientConfig): Set<ExplicitAuthFlowsType> {
  const flows = config.ExplicitAuthFlows;
  if (flows === undefined || flows.length === 0) return new Set(DEFAULT_EXPLICIT_AUTH_FLOWS);
  if (!flows.some((f) => LEGACY_AUTH_FLOWS.has(f))) return new Set(flows);
  if (flows.includes('CUSTOM_AUTH_FLOW_ONLY')) return new Set<ExplicitAuthFlowsType>(['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH']);
  const out = new Set<ExplicitAuthFlowsType>(['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_CUSTOM_AUTH']);
  if (flows.includes('ADMIN_NO_SRP_AUTH')) out.add('ALLOW_ADMIN_USER_PASSWORD_AUTH');
  if (flows.includes('USER_PASSWORD_AUTH')) out.add('ALLOW_USER_PASSWORD_AUTH');
  return out;
}

const dedupe = <T>(xs: readonly T[]): T[] => [...new Set(xs)];

function checkValidity(value: number | undefined, unit: TimeUnitsType | undefined, defaultUnit: TimeUnitsType, range: { min: number; max: number }): void {
  if (value === undefined) return;
  const seconds = value * UNIT_SECONDS[unit ?? defaultUnit];
  if (seconds < range.min || seconds > range.max) throw new CognitoError('InvalidParameterException', 'Invalid range for token validity.');
}

function checkAuthFlows(flows: readonly ExplicitAuthFlowsType[], ctx: ClientValidationContext): void {
  const legacy = flows.filter((f) => LEGACY_AUTH_FLOWS.has(f));
  if (legacy.length > 0 && legacy.length < flows.length) {
    throw new CognitoError('InvalidParameterException', 'ExplicitAuthFlows cannot mix the legacy values ADMIN_NO_SRP_AUTH, CUSTOM_AUTH_FLOW_ONLY and USER_PASSWORD_AUTH with values that begin with ALLOW_.');
  }
  if (flows.includes('ALLOW_USER_AUTH') && ctx.poolTier === 'LITE') {
    throw new CognitoError('FeatureUnavailableInTierException', 'ALLOW_USER_AUTH (choice-based sign-in) requires a user pool in the ESSENTIALS or PLUS tier.');
  }
}

function checkAttributes(names: readonly string[], kind: 'read' | 'write', ctx: ClientValidationContext): void {
  const known = new Set(ctx.schema.map((a) => a.Name));
  const verb = ctx.operation === 'create' ? 'creating' : 'updating';
  for (const name of names) {
    if (!known.has(name) || (kind === 'write' && name === 'sub')) {
      throw new CognitoError('InvalidParameterException', `Invalid ${kind} attributes specified while ${verb} a client`);
    }
  }
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** Callback and sign-out URLs: absolute, no fragment, HTTPS (plain HTTP only for localhost); app schemes (`myapp://cb`) allowed. */
function checkRedirectUrl(url: string, member: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CognitoError('InvalidParameterException', `${member} ${url} is not an absolute URI.`);
  }
  if (url.includes('#')) throw new CognitoError('InvalidParameterException', `${member} ${url} must not include a fragment.`);
  if (parsed.protocol === 'http:' && !LOOPBACK_HOSTS.has(parsed.hostname)) {
    throw new CognitoError('InvalidParameterException', `${member} ${url} must use HTTPS; plain HTTP is accepted only for http://localhost.`);
  }
}

function checkOAuth(c: ClientConfig, ctx: ClientValidationContext): void {
  const flows = c.AllowedOAuthFlows ?? [];
  const scopes = c.AllowedOAuthScopes ?? [];
  for (const url of c.CallbackURLs ?? []) checkRedirectUrl(url, 'CallbackURL');
  for (const url of c.LogoutURLs ?? []) checkRedirectUrl(url, 'LogoutURL');
  if (c.DefaultRedirectURI !== undefined) {
    checkRedirectUrl(c.DefaultRedirectURI, 'DefaultRedirectURI');
    if (!(c.CallbackURLs ?? []).includes(c.DefaultRedirectURI)) {
      throw new CognitoError('InvalidParameterException', 'DefaultRedirectURI must be one of the CallbackURLs.');
    }
  }
  if (!c.AllowedOAuthFlowsUserPoolClient) {
    if (flows.length > 0 || scopes.length > 0) {
      throw new CognitoError('InvalidParameterException', 'AllowedOAuthFlowsUserPoolClient must be true to configure AllowedOAuthFlows or AllowedOAuthScopes.');
    }
    return;
  }
  if (flows.length === 0 || scopes.length === 0) {
    throw new CognitoError('InvalidParameterException', 'AllowedOAuthFlows and AllowedOAuthScopes are required if user pool client is allowed to use OAuth flows.');
  }
  for (const scope of scopes) {
    if (!STANDARD_SCOPES.has(scope) && !ctx.resourceServerScopes.has(scope)) {
      throw new CognitoError('ScopeDoesNotExistException', `Invalid scope requested: ${scope}`);
    }
  }
  if (flows.includes('client_credentials')) {
    if (flows.length > 1) throw new CognitoError('InvalidOAuthFlowException', 'client_credentials flow can not be selected along with code flow or implicit flow.');
    if (!ctx.hasSecret) throw new CognitoError('InvalidOAuthFlowException', 'client_credentials flow can not be selected if client does not have a client secret.');
    const standard = scopes.find((s) => STANDARD_SCOPES.has(s));
    if (standard !== undefined) throw new CognitoError('InvalidOAuthFlowException', `${standard} is not supported with client_credentials flow`);
  } else if ((c.CallbackURLs ?? []).length === 0) {
    throw new CognitoError('InvalidOAuthFlowException', 'CallbackUrls can not be empty when code flow or implicit flow is selected');
  }
}

/**
 * A client's complete settings from a Create/UpdateUserPoolClient request: every omitted member
 * takes its default (UpdateUserPoolClient replaces the whole configuration, as AWS does).
 * Throws AWS's InvalidParameterException / InvalidOAuthFlowException / ScopeDoesNotExistException /
 * FeatureUnavailableInTierException.
 */
export function clientConfigFrom(input: ClientSettingsInput, ctx: ClientValidationContext): ClientConfig {
  const units: TokenValidityUnitsType = { ...(input.TokenValidityUnits ?? {}) };
  // RefreshTokenValidity 0 means the default (30 days), as AWS documents.
  const refresh = input.RefreshTokenValidity === undefined || input.RefreshTokenValidity === 0 ? DEFAULT_REFRESH_TOKEN_VALIDITY_DAYS : input.RefreshTokenValidity;
  checkValidity(input.AccessTokenValidity, units.AccessToken, 'hours', ACCESS_RANGE);
  checkValidity(input.IdTokenValidity, units.IdToken, 'hours', ACCESS_RANGE);
  checkValidity(refresh, units.RefreshToken, 'days', REFRESH_RANGE);

  const c: ClientConfig = {
    RefreshTokenValidity: refresh,
    TokenValidityUnits: units,
    AllowedOAuthFlowsUserPoolClient: input.AllowedOAuthFlowsUserPoolClient ?? false,
    EnableTokenRevocation: input.EnableTokenRevocation ?? true,
    EnablePropagateAdditionalUserContextData: input.EnablePropagateAdditionalUserContextData ?? false,
    AuthSessionValidity: input.AuthSessionValidity ?? DEFAULT_AUTH_SESSION_VALIDITY_MINUTES,
  };
  if (input.AccessTokenValidity !== undefined) c.AccessTokenValidity = input.AccessTokenValidity;
  if (input.IdTokenValidity !== undefined) c.IdTokenValidity = input.IdTokenValidity;

  if (input.ExplicitAuthFlows !== undefined) {
    checkAuthFlows(input.ExplicitAuthFlows, ctx);
    c.ExplicitAuthFlows = dedupe(input.ExplicitAuthFlows);
  }
  if (input.ReadAttributes !== undefined) {
    checkAttributes(input.ReadAttributes, 'read', ctx);
    c.ReadAttributes = dedupe(input.ReadAttributes);
  }
  if (input.WriteAttributes !== undefined) {
    checkAttributes(input.WriteAttributes, 'write', ctx);
    c.WriteAttributes = dedupe(input.WriteAttributes);
  }
  if (input.SupportedIdentityProviders !== undefined) {
    for (const p of input.SupportedIdentityProviders) {
      if (p !== 'COGNITO' && !ctx.identityProviders.has(p)) throw new CognitoError('InvalidParameterException', `The provider ${p} does not exist for User Pool ${ctx.poolId}`);
    }
    c.SupportedIdentityProviders = dedupe(input.SupportedIdentityProviders);
  }
  if (input.CallbackURLs !== undefined) c.CallbackURLs = dedupe(input.CallbackURLs);
  if (input.LogoutURLs !== undefined) c.LogoutURLs = dedupe(input.LogoutURLs);
  if (input.DefaultRedirectURI !== undefined) c.DefaultRedirectURI = input.DefaultRedirectURI;
  if (input.AllowedOAuthFlows !== undefined) c.AllowedOAuthFlows = dedupe(input.AllowedOAuthFlows);
  if (input.AllowedOAuthScopes !== undefined) c.AllowedOAuthScopes = dedupe(input.AllowedOAuthScopes);
  checkOAuth(c, ctx);

  if (input.AnalyticsConfiguration !== undefined) c.AnalyticsConfiguration = input.AnalyticsConfiguration;
  if (input.PreventUserExistenceErrors !== undefined) c.PreventUserExistenceErrors = input.PreventUserExistenceErrors;
  if (c.EnablePropagateAdditionalUserContextData && !ctx.hasSecret) {
    throw new CognitoError('InvalidParameterException', 'EnablePropagateAdditionalUserContextData can only be activated for an app client that has a client secret.');
  }
  if (input.RefreshTokenRotation !== undefined) {
    if (input.RefreshTokenRotation.Feature === 'ENABLED' && ctx.poolTier === 'LITE') {
      throw new CognitoError('FeatureUnavailableInTierException', 'Refresh token rotation requires a user pool in the ESSENTIALS or PLUS tier.');
    }
    c.RefreshTokenRotation = input.RefreshTokenRotation;
  }
  return c;
}
