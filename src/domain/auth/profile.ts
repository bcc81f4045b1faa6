/**
 * The signed-in user's own account, named by its access token: GetUser, UpdateUserAttributes,
 * DeleteUserAttributes, GetUserAttributeVerificationCode, VerifyUserAttribute (spec/semantics.md
 * §2.1), ChangePassword and DeleteUser.
 *
 * A changed email / phone number becomes unverified, and a code is sent when the pool
 * auto-verifies that attribute. With `UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate`
 * naming it, the old (verified) value stays in place — and usable for sign-in — until the new one
 * is verified; the pending value waits in an auth-session row (step PENDING_ATTRIBUTE) next to the code.
 */
import type { Deps, RequestContext } from '../context.ts';
import type { AttributeType, CodeDeliveryDetailsType, GetUserResponse, MFAOptionType } from '../../generated/shapes.ts';
import { CognitoError } from '../errors.ts';
import type { ClientRecord, PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import type { Store } from '../../storage/ports/index.ts';
import { hashSecret } from '../crypto/sealed.ts';
import { CODE_TTL_MS, CodePurpose, issueCode, requireCode } from '../messaging/codes.ts';
import { deliverMessage, type MessageKind, type WarnLogger } from '../messaging/deliver.ts';
import { poolConfigOf } from '../pools/pool-config.ts';
import { applyAttributeWrites, deleteAttributes, validateAttributeDeletes, validateAttributeWrites, type AttributeInput } from '../users/attributes.ts';
import { checkPasswordPolicy } from '../passwords/policy.ts';
import { passwordPolicyOf } from '../users/new-user.ts';
import { setPassword, verifyPassword } from '../users/password.ts';
import { saveUserChecked } from '../users/write.ts';
import { userMfaSummary } from '../mfa/user-mfa.ts';
import { verifyAccessToken } from '../tokens/verify.ts';
import { assertClientMayWrite, clientMayRead } from './client-attributes.ts';
import { incorrectCredentials } from './client-rules.ts';
import { claimPasswordAttempt, recordSignInSuccess } from './lockout.ts';

type Contact = 'email' | 'phone_number';
const FLAG: Record<Contact, string> = { email: 'email_verified', phone_number: 'phone_number_verified' };
const PENDING = 'PENDING_ATTRIBUTE';

export interface ProfileCall {
  deps: Deps;
  pool: PoolRecord;
  /** The app client the access token was issued to (its WriteAttributes apply), when it still exists. */
  client: ClientRecord | undefined;
  log?: WarnLogger;
}

/** The caller (signature, expiry, revocation, user state checked) and its pool and app client. */
async function signedIn(ctx: RequestContext, accessToken: string): Promise<{ call: ProfileCall; user: UserRecord }> {
  const { pool, user, claims } = await verifyAccessToken(ctx.deps, accessToken);
  const client = await ctx.deps.store.clients.findClient(pool.id, claims.client_id);
  return { call: { deps: ctx.deps, pool, client, log: ctx.log }, user };
}

/** GetUser: the caller's attributes (those its app client may read) and legacy MFA options. */
export async function describeCaller(ctx: RequestContext, accessToken: string): Promise<GetUserResponse> {
  const { call, user } = await signedIn(ctx, accessToken);
  const attributes: AttributeType[] = [{ Name: 'sub', Value: user.sub }];
  for (const [Name, Value] of Object.entries(user.attributes)) if (!call.client || clientMayRead(call.client, Name)) attributes.push({ Name, Value });
  const out: GetUserResponse = { Username: user.username, UserAttributes: attributes };
  if (user.mfaOptions && user.mfaOptions.length > 0) out.MFAOptions = user.mfaOptions as MFAOptionType[];
  return { ...out, ...(await userMfaSummary(ctx.deps.store, user)) };
}

/** DeleteUser: the caller's account, with its tokens and group memberships (cascades). */
export async function deleteCaller(deps: Deps, accessToken: string): Promise<void> {
  const { user } = await verifyAccessToken(deps, accessToken);
  await deps.store.users.deleteUser(user.poolId, user.sub);
}

const autoVerified = (pool: PoolRecord): string[] => poolConfigOf(pool).AutoVerifiedAttributes ?? [];
const verifiesBeforeUpdate = (pool: PoolRecord): string[] =>
  ((poolConfigOf(pool).UserAttributeUpdateSettings?.['AttributesRequireVerificationBeforeUpdate'] as string[] | undefined) ?? []);

const pendingId = (user: UserRecord, attribute: string): string => hashSecret(`pending-attribute:${user.poolId}:${user.sub}:${attribute}`);

async function pendingValue(store: Store, user: UserRecord, attribute: string, now: number): Promise<string | undefined> {
  const row = await store.auth.findAuthSession(pendingId(user, attribute));
  if (row === undefined || row.expiresAt <= now || row.userSub !== user.sub) return undefined;
  return typeof row.data['value'] === 'string' ? row.data['value'] : undefined;
}

async function setPending(deps: Deps, user: UserRecord, attribute: string, value: string | undefined): Promise<void> {
  await deps.store.auth.consumeAuthSession(pendingId(user, attribute));
  if (value === undefined) return;
  const now = deps.now();
  await deps.store.auth.insertAuthSession({
    idHash: pendingId(user, attribute),
    poolId: user.poolId,
    clientId: '',
    userSub: user.sub,
    step: PENDING,
    data: { value },
    expiresAt: now + CODE_TTL_MS.VERIFY_ATTRIBUTE,
    attempts: 0,
    createdAt: now,
  });
}

/** Sends a verification code for `attribute` to `destination`. */
async function sendVerificationCode(call: ProfileCall, user: UserRecord, attribute: Contact, destination: string, kind: MessageKind): Promise<CodeDeliveryDetailsType> {
  const code = await issueCode(call.deps.store, user, CodePurpose.verifyAttribute(attribute), CODE_TTL_MS.VERIFY_ATTRIBUTE, call.deps);
  const opts = { kind, channel: attribute === 'email' ? ('EMAIL' as const) : ('SMS' as const), code, destination, clientId: call.client?.id };
  return deliverMessage(call.deps, call.pool, user, call.log ? { ...opts, log: call.log } : opts);
}

/** Self-service writes may not vouch for their own contact details. */
function refuseVerifiedFlags(inputs: AttributeInput[]): void {
  for (const a of inputs) {
    if ((a.Name === 'email_verified' || a.Name === 'phone_number_verified') && a.Value?.toLowerCase() === 'true') {
      throw new CognitoError('NotAuthorizedException', 'A client attempted to write unauthorized attribute.');
    }
  }
}

/** UpdateUserAttributes. Returns the CodeDeliveryDetailsList (empty when no code was sent). */
export async function updateOwnAttributes(ctx: RequestContext, accessToken: string, inputs: AttributeInput[]): Promise<CodeDeliveryDetailsType[]> {
  const { call, user } = await signedIn(ctx, accessToken);
  const { deps, pool } = call;
  refuseVerifiedFlags(inputs);
  const writes = validateAttributeWrites(pool, inputs, { mode: 'update', admin: false });
  if (call.client) assertClientMayWrite(call.client, writes.keys());
  const now = deps.now();
  // Contacts that must be verified before they replace the current (verified) value.
  const deferred: Array<{ attribute: Contact; value: string }> = [];
  for (const attribute of ['email', 'phone_number'] as const) {
    const next = writes.get(attribute);
    const current = user.attributes[attribute];
    if (next === undefined || next === '' || next === current) continue;
    if (verifiesBeforeUpdate(pool).includes(attribute) && current && user.attributes[FLAG[attribute]] === 'true') {
      writes.delete(attribute);
      deferred.push({ attribute, value: next });
    }
  }
  const applied = applyAttributeWrites(user.attributes, writes);
  user.attributes = applied.attributes;
  user.updatedAt = now;
  await saveUserChecked(deps.store, pool, user, { now });
  const details: CodeDeliveryDetailsType[] = [];
  for (const { attribute, value } of deferred) {
    await setPending(deps, user, attribute, value);
    if (autoVerified(pool).includes(attribute)) details.push(await sendVerificationCode(call, user, attribute, value, 'UPDATE_ATTRIBUTE'));
  }
  for (const attribute of applied.changedContacts) {
    await setPending(deps, user, attribute, undefined);
    const value = user.attributes[attribute];
    if (value && autoVerified(pool).includes(attribute)) details.push(await sendVerificationCode(call, user, attribute, value, 'UPDATE_ATTRIBUTE'));
  }
  return details;
}

/** DeleteUserAttributes. */
export async function deleteOwnAttributes(ctx: RequestContext, accessToken: string, names: string[]): Promise<void> {
  const { call, user } = await signedIn(ctx, accessToken);
  const { deps, pool } = call;
  const stored = validateAttributeDeletes(pool, names, { admin: false });
  if (call.client) assertClientMayWrite(call.client, stored);
  const now = deps.now();
  user.attributes = deleteAttributes(user.attributes, stored);
  user.updatedAt = now;
  await saveUserChecked(deps.store, pool, user, { now });
}

function verifiableAttribute(name: string): Contact {
  if (name !== 'email' && name !== 'phone_number') throw new CognitoError('InvalidParameterException', `Invalid attribute name: ${name} cannot be verified; only email and phone_number can.`);
  return name;
}

/** GetUserAttributeVerificationCode: a code to the current (or pending) email / phone number. */
export async function sendAttributeVerificationCode(ctx: RequestContext, accessToken: string, name: string): Promise<CodeDeliveryDetailsType> {
  const { call, user } = await signedIn(ctx, accessToken);
  const attribute = verifiableAttribute(name);
  const destination = (await pendingValue(call.deps.store, user, attribute, call.deps.now())) ?? user.attributes[attribute];
  if (!destination) throw new CognitoError('InvalidParameterException', `User does not have a value for the attribute ${attribute}.`);
  return sendVerificationCode(call, user, attribute, destination, 'VERIFY_ATTRIBUTE');
}

/** VerifyUserAttribute: the code marks the attribute verified (and applies a pending new value). */
export async function verifyOwnAttribute(ctx: RequestContext, accessToken: string, name: string, code: string): Promise<void> {
  const { call, user } = await signedIn(ctx, accessToken);
  const { deps, pool } = call;
  const attribute = verifiableAttribute(name);
  await requireCode(deps.store, user, CodePurpose.verifyAttribute(attribute), code, deps);
  const now = deps.now();
  const pending = await pendingValue(deps.store, user, attribute, now);
  if (pending !== undefined) user.attributes = { ...user.attributes, [attribute]: pending };
  if (!user.attributes[attribute]) throw new CognitoError('InvalidParameterException', `User does not have a value for the attribute ${attribute}.`);
  user.attributes = { ...user.attributes, [FLAG[attribute]]: 'true' };
  user.updatedAt = now;
  await saveUserChecked(deps.store, pool, user, { now });
  if (pending !== undefined) await setPending(deps, user, attribute, undefined);
}

/**
 * ChangePassword: the previous password is checked (wrong ones count toward the lockout) unless
 * the user has none (passwordless); the proposed one must meet the policy.
 */
export async function changeOwnPassword(ctx: RequestContext, accessToken: string, previous: string | undefined, proposed: string): Promise<void> {
  const { call, user } = await signedIn(ctx, accessToken);
  const { deps, pool } = call;
  if (user.passwordSealed !== null) {
    if (previous === undefined || previous === '') throw new CognitoError('InvalidParameterException', 'PreviousPassword is required to change the password of a user who has one.');
    await claimPasswordAttempt(deps, user);
    if (!verifyPassword(user, pool, previous, deps.masterKey)) throw incorrectCredentials();
    await recordSignInSuccess(deps, user);
  }
  checkPasswordPolicy(proposed, passwordPolicyOf(pool), { member: 'proposedPassword' });
  setPassword(user, pool, proposed, deps.masterKey);
  user.updatedAt = deps.now();
  await deps.store.users.updateUser(user);
}
