/**
 * Self-service sign-up and recovery (spec/semantics.md §9): SignUp, ConfirmSignUp,
 * ResendConfirmationCode, ForgotPassword, ConfirmForgotPassword. Codes are 6 digits, stored
 * hashed, single-use and expiring (messaging/codes.ts); messages go through the pool's templates
 * to the outbox and the configured channels.
 */
import { randomUUID } from 'node:crypto';
import type { Deps } from '../context.ts';
import type { CodeDeliveryDetailsType } from '../../generated/shapes.ts';
import { CognitoError } from '../errors.ts';
import type { ClientRecord, PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { CODE_TTL_MS, CodePurpose, claimDecoyCode, decoyCodeError, issueCode, requireCode } from '../messaging/codes.ts';
import { codeDeliveryDetails, deliverMessage, hasVerifiedContact, type Channel, type MessageKind, type WarnLogger } from '../messaging/deliver.ts';
import { poolConfigOf } from '../pools/pool-config.ts';
import { checkPasswordPolicy } from '../passwords/policy.ts';
import { validateAttributeWrites, type AttributeInput } from '../users/attributes.ts';
import { isPasswordlessPool, newUserRecord, passwordPolicyOf } from '../users/new-user.ts';
import { setPassword } from '../users/password.ts';
import { insertUserChecked, saveUserChecked } from '../users/write.ts';
import { aliasAttributesOf, prepareNewUsername } from '../users/username.ts';
import { assertClientMayWrite } from './client-attributes.ts';
import { checkSecretHash, hidesUserExistence, namedUser } from './client-rules.ts';
import { autoSignInSession } from './sign-in.ts';
import { booleanMember, runTrigger, validationDataOf } from '../triggers/run-trigger.ts';
import { migrateOnForgotPassword } from './user-migration.ts';
import { postConfirmation } from './auth-triggers.ts';

export interface AccountCall {
  deps: Deps;
  pool: PoolRecord;
  client: ClientRecord;
  log?: WarnLogger;
  /** The request's ClientMetadata, for the triggers it runs (PostConfirmation, UserMigration, CustomMessage). */
  clientMetadata?: Record<string, string> | undefined;
}

const withLog = <T extends object>(call: AccountCall, opts: T): T & { log?: WarnLogger } => (call.log ? { ...opts, log: call.log } : opts);

/**
 * Where sign-up codes go: the pool's auto-verified attribute the user has (a phone number wins
 * when both are auto-verified, as Cognito does), or undefined when nothing is auto-verified.
 */
export function signUpChannel(pool: PoolRecord, user: UserRecord): Channel | undefined {
  const auto = poolConfigOf(pool).AutoVerifiedAttributes ?? [];
  if (auto.includes('phone_number') && user.attributes['phone_number']) return 'SMS';
  if (auto.includes('email') && user.attributes['email']) return 'EMAIL';
  return undefined;
}

/** Where password-reset codes go (AccountRecoverySetting by priority); null for admin_only, undefined when no verified contact. */
export function recoveryChannelOf(pool: PoolRecord, user: UserRecord): Channel | null | undefined {
  const setting = poolConfigOf(pool).AccountRecoverySetting as { RecoveryMechanisms?: Array<{ Priority?: number; Name?: string }> } | undefined;
  const mechanisms = [...(setting?.RecoveryMechanisms ?? [{ Priority: 1, Name: 'verified_phone_number' }, { Priority: 2, Name: 'verified_email' }])].sort((a, b) => (a.Priority ?? 0) - (b.Priority ?? 0));
  for (const m of mechanisms) {
    if (m.Name === 'admin_only') return null;
    if (m.Name === 'verified_email' && hasVerifiedContact(user, 'EMAIL')) return 'EMAIL';
    if (m.Name === 'verified_phone_number' && hasVerifiedContact(user, 'SMS')) return 'SMS';
  }
  return undefined;
}

/** A believable CodeDeliveryDetails for an unknown user (PreventUserExistenceErrors=ENABLED). */
function decoyDelivery(pool: PoolRecord, username: string): CodeDeliveryDetailsType {
  const auto = poolConfigOf(pool).AutoVerifiedAttributes ?? [];
  if (username.includes('@') || !auto.includes('phone_number')) return codeDeliveryDetails('EMAIL', username.includes('@') ? username : `${username}@example.com`);
  return codeDeliveryDetails('SMS', '+10000000000');
}

async function sendCode(call: AccountCall, user: UserRecord, channel: Channel, kind: MessageKind, purpose: string, ttl: number): Promise<CodeDeliveryDetailsType> {
  const code = await issueCode(call.deps.store, user, purpose, ttl, call.deps);
  return deliverMessage(call.deps, call.pool, user, withLog(call, { kind, channel, code, clientId: call.client.id, clientMetadata: call.clientMetadata }));
}

// ---- SignUp ----

export interface SignUpInput {
  username: string;
  password: string | undefined;
  attributes: AttributeInput[];
  secretHash: string | undefined;
  /** SignUp's ValidationData and ClientMetadata, for the PreSignUp trigger. */
  validationData?: AttributeInput[] | undefined;
  clientMetadata?: Record<string, string> | undefined;
}

export interface SignUpResult {
  UserConfirmed: boolean;
  UserSub: string;
  CodeDeliveryDetails?: CodeDeliveryDetailsType;
}

export async function signUp(call: AccountCall, input: SignUpInput): Promise<SignUpResult> {
  const { deps, pool, client } = call;
  checkSecretHash(deps, client, [input.username], input.secretHash);
  const config = poolConfigOf(pool);
  if (config.AdminCreateUserConfig['AllowAdminCreateUserOnly'] === true) throw new CognitoError('NotAuthorizedException', 'SignUp is not permitted for this user pool');
  if (input.password === undefined && !isPasswordlessPool(pool)) throw new CognitoError('InvalidParameterException', 'Password is required for sign-up in this user pool.');
  for (const a of input.attributes) {
    if ((a.Name === 'email_verified' || a.Name === 'phone_number_verified') && a.Value?.toLowerCase() === 'true') {
      throw new CognitoError('NotAuthorizedException', 'A client attempted to write unauthorized attribute.');
    }
    if (a.Name === 'preferred_username' && aliasAttributesOf(pool).includes('preferred_username')) {
      throw new CognitoError('InvalidParameterException', 'preferred_username cannot be set at sign-up, since the user pool uses preferred_username as an alias.');
    }
  }
  const sub = randomUUID();
  const name = prepareNewUsername(pool, input.username, sub);
  const writes = validateAttributeWrites(pool, input.attributes, { mode: 'create', admin: false });
  assertClientMayWrite(client, writes.keys());
  const attributes: Record<string, string> = {};
  if (name.attribute) attributes[name.attribute.name] = name.attribute.value;
  for (const [k, v] of writes) if (v !== '') attributes[k] = v;
  const missing = config.SchemaAttributes.filter((a) => a.Required && a.Name !== 'sub' && !attributes[a.Name]).map((a) => a.Name);
  if (missing.length > 0) throw new CognitoError('InvalidParameterException', `Attributes did not conform to the schema: ${missing.map((m) => `${m}: The attribute is required\n`).join('')}`);
  if (input.password !== undefined) checkPasswordPolicy(input.password, passwordPolicyOf(pool), { member: 'password' });
  // PreSignUp decides before anything is written: a rejection leaves no user behind.
  const preSignUp = await runTrigger(deps, pool, 'PreSignUp', {
    triggerSource: 'PreSignUp_SignUp',
    userName: name.username,
    clientId: client.id,
    request: {
      userAttributes: { ...attributes },
      validationData: validationDataOf(input.validationData),
      ...(input.clientMetadata !== undefined ? { clientMetadata: input.clientMetadata } : {}),
    },
  });
  let confirmed = false;
  if (preSignUp !== undefined) {
    confirmed = booleanMember(preSignUp, 'autoConfirmUser');
    // Developer Guide, pre sign-up trigger: autoVerifyEmail / autoVerifyPhone need the attribute to have a value.
    for (const [flag, attribute] of [['autoVerifyEmail', 'email'], ['autoVerifyPhone', 'phone_number']] as const) {
      if (!booleanMember(preSignUp, flag)) continue;
      if (!attributes[attribute]) throw new CognitoError('InvalidParameterException', `PreSignUp answered ${flag}, but the user has no ${attribute}.`);
      attributes[`${attribute}_verified`] = 'true';
    }
  }
  const now = deps.now();
  const user = newUserRecord(pool, { sub, username: name.username, status: confirmed ? 'CONFIRMED' : 'UNCONFIRMED', attributes, now });
  if (input.password !== undefined) setPassword(user, pool, input.password, deps.masterKey);
  await insertUserChecked(deps.store, pool, user, { now, usernameTakenMessage: 'User already exists' });
  const result: SignUpResult = { UserConfirmed: confirmed, UserSub: sub };
  const channel = confirmed ? undefined : signUpChannel(pool, user);
  if (channel !== undefined) result.CodeDeliveryDetails = await sendCode({ ...call, clientMetadata: input.clientMetadata }, user, channel, 'SIGN_UP', CodePurpose.SIGN_UP, CODE_TTL_MS.SIGN_UP);
  return result;
}

// ---- ConfirmSignUp / ResendConfirmationCode ----

const unknownUser = (): CognitoError => new CognitoError('UserNotFoundException', 'Username/client id combination not found.');

/** A code sent to an unknown user: with PreventUserExistenceErrors=ENABLED a believable answer, else UserNotFoundException. */
async function deliveryToUnknownUser(call: AccountCall, username: string, purpose: string): Promise<CodeDeliveryDetailsType> {
  if (!hidesUserExistence(call.client)) throw unknownUser();
  await claimDecoyCode(call.deps.store, call.pool.id, username, purpose, call.deps);
  return decoyDelivery(call.pool, username);
}

/** A code checked for an unknown user: with PreventUserExistenceErrors=ENABLED the wrong-code answer, else UserNotFoundException. */
async function codeErrorForUnknownUser(call: AccountCall, username: string, purpose: string): Promise<CognitoError> {
  return hidesUserExistence(call.client) ? decoyCodeError(call.deps.store, call.pool.id, username, purpose, call.deps) : unknownUser();
}

/** Returns the Session for USER_AUTH auto sign-in when the client allows USER_AUTH. */
export async function confirmSignUp(call: AccountCall, username: string, code: string, secretHash: string | undefined, forceAliasCreation: boolean): Promise<string | undefined> {
  const { deps, pool } = call;
  const user = await namedUser(call, username, secretHash);
  if (user === undefined) throw await codeErrorForUnknownUser(call, username, CodePurpose.SIGN_UP);
  if (user.status !== 'UNCONFIRMED') throw new CognitoError('NotAuthorizedException', `User cannot be confirmed. Current status is ${user.status}`);
  await requireCode(deps.store, user, CodePurpose.SIGN_UP, code, deps);
  const now = deps.now();
  const channel = signUpChannel(pool, user);
  user.status = 'CONFIRMED';
  if (channel === 'EMAIL') user.attributes = { ...user.attributes, email_verified: 'true' };
  if (channel === 'SMS') user.attributes = { ...user.attributes, phone_number_verified: 'true' };
  user.updatedAt = now;
  await saveUserChecked(deps.store, pool, user, { forceAliasCreation, now });
  await postConfirmation(deps, pool, call.client, user, 'ConfirmSignUp', call.clientMetadata);
  return autoSignInSession({ ...call, admin: false }, user);
}

export async function resendConfirmationCode(call: AccountCall, username: string, secretHash: string | undefined): Promise<CodeDeliveryDetailsType> {
  const { pool } = call;
  const user = await namedUser(call, username, secretHash);
  if (user === undefined) return deliveryToUnknownUser(call, username, CodePurpose.SIGN_UP);
  if (user.status !== 'UNCONFIRMED') throw new CognitoError('InvalidParameterException', 'User is already confirmed.');
  const channel = signUpChannel(pool, user);
  if (channel === undefined) throw new CognitoError('InvalidParameterException', 'Cannot resend codes. Auto verification not turned on.');
  return sendCode(call, user, channel, 'RESEND_CODE', CodePurpose.SIGN_UP, CODE_TTL_MS.SIGN_UP);
}

// ---- ForgotPassword / ConfirmForgotPassword ----

/**
 * A federated user's password is the identity provider's business: Cognito answers this (as for
 * AdminResetUserPassword), reported for ForgotPassword in aws-amplify/amplify-js#2383.
 */
const cannotResetFederated = (): CognitoError => new CognitoError('NotAuthorizedException', 'User password cannot be reset in the current state.');

export async function forgotPassword(call: AccountCall, username: string, secretHash: string | undefined): Promise<CodeDeliveryDetailsType | undefined> {
  const { pool } = call;
  const user = (await namedUser(call, username, secretHash)) ?? (await migrateOnForgotPassword(call, username, call.clientMetadata));
  if (user === undefined) return deliveryToUnknownUser(call, username, CodePurpose.FORGOT_PASSWORD);
  if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
  if (user.status === 'EXTERNAL_PROVIDER') throw cannotResetFederated();
  const channel = recoveryChannelOf(pool, user);
  if (channel === null) throw new CognitoError('NotAuthorizedException', 'User password cannot be reset: the user pool allows password recovery by administrators only.');
  if (channel === undefined) throw new CognitoError('InvalidParameterException', 'Cannot reset password for the user as there is no registered/verified email or phone_number');
  return sendCode(call, user, channel, 'FORGOT_PASSWORD', CodePurpose.FORGOT_PASSWORD, CODE_TTL_MS.FORGOT_PASSWORD);
}

export async function confirmForgotPassword(call: AccountCall, username: string, code: string, password: string, secretHash: string | undefined): Promise<void> {
  const { deps, pool } = call;
  const user = await namedUser(call, username, secretHash);
  if (user === undefined) throw await codeErrorForUnknownUser(call, username, CodePurpose.FORGOT_PASSWORD);
  if (!user.enabled) throw new CognitoError('NotAuthorizedException', 'User is disabled.');
  if (user.status === 'UNCONFIRMED') throw new CognitoError('UserNotConfirmedException', 'User is not confirmed.');
  if (user.status === 'EXTERNAL_PROVIDER') throw cannotResetFederated();
  checkPasswordPolicy(password, passwordPolicyOf(pool), { member: 'password' });
  await requireCode(deps.store, user, CodePurpose.FORGOT_PASSWORD, code, deps);
  setPassword(user, pool, password, deps.masterKey);
  user.status = 'CONFIRMED';
  user.tempPasswordExpiresAt = null;
  user.failedAttempts = 0;
  user.lockedUntil = 0;
  user.updatedAt = deps.now();
  await deps.store.users.updateUser(user);
  await postConfirmation(deps, pool, call.client, user, 'ConfirmForgotPassword', call.clientMetadata);
}
