/** Creating users as an administrator: AdminCreateUser, invitation and temporary password included. */
import { randomUUID } from 'node:crypto';
import type { RequestContext } from '../context.ts';
import { CognitoError } from '../errors.ts';
import type { AdminCreateUserRequest, AdminCreateUserResponse, UserType } from '../../generated/shapes.ts';
import type { PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { checkPasswordPolicy, generateTemporaryPassword } from '../passwords/policy.ts';
import { channelAttribute, deliverMessage, type Channel } from '../messaging/deliver.ts';
import { checkVerifiedFlags, validateAttributeWrites } from './attributes.ts';
import { isPasswordlessPool, newUserRecord, passwordPolicyOf, temporaryPasswordExpiry } from './new-user.ts';
import { setPassword, setUndeliveredPassword } from './password.ts';
import { requireUser } from './resolve.ts';
import { toUserType } from './user-type.ts';
import { prepareNewUsername } from './username.ts';
import { insertUserChecked } from './write.ts';
import { runTrigger, validationDataOf } from '../triggers/run-trigger.ts';

/**
 * The channels an invitation goes out on. An explicit `DesiredDeliveryMediums` entry needs the
 * user's email / phone_number (AWS: "You must provide a value for email when … you set EMAIL in the
 * DesiredDeliveryMediums parameter"), else AWS's `No email provided but desired delivery medium was
 * Email` (and the SMS counterpart). Absent, the default medium (SMS) is used when the user has a
 * phone number, and otherwise no invitation is sent: AWS documents that a user can be created with
 * no attribute but Username (AdminCreateUser API reference, UserAttributes).
 */
function invitationChannels(input: AdminCreateUserRequest, attributes: Record<string, string>): Channel[] {
  const explicit = input.DesiredDeliveryMediums !== undefined && input.DesiredDeliveryMediums.length > 0;
  const wanted = [...new Set(explicit ? input.DesiredDeliveryMediums! : ['SMS' as const])];
  const missing = wanted.find((c) => !attributes[channelAttribute(c)]);
  if (explicit && missing !== undefined) {
    throw new CognitoError('InvalidParameterException', missing === 'EMAIL' ? 'No email provided but desired delivery medium was Email' : 'No phone_number provided but desired delivery medium was Sms');
  }
  return wanted.filter((c) => Boolean(attributes[channelAttribute(c)]));
}

/** A temporary password: the given one (checked against the policy) or a generated one; none in passwordless pools. */
function temporaryPassword(pool: PoolRecord, given: string | undefined): string | undefined {
  if (given !== undefined) {
    checkPasswordPolicy(given, passwordPolicyOf(pool), { member: 'temporaryPassword' });
    return given;
  }
  return isPasswordlessPool(pool) ? undefined : generateTemporaryPassword(passwordPolicyOf(pool));
}

async function sendInvitation(ctx: RequestContext, pool: PoolRecord, user: UserRecord, channels: Channel[], password: string | undefined, signInName: string, clientMetadata?: Record<string, string>): Promise<void> {
  for (const channel of channels) {
    await deliverMessage(ctx.deps, pool, user, {
      kind: 'INVITATION',
      channel,
      clientMetadata,
      ...(password !== undefined ? { code: password } : {}),
      templateVars: { username: signInName },
      log: ctx.log,
    });
  }
}

/** MessageAction=RESEND: a new temporary password for a user still in FORCE_CHANGE_PASSWORD, sent again. */
async function resend(ctx: RequestContext, pool: PoolRecord, input: AdminCreateUserRequest): Promise<UserType> {
  const { store, now, masterKey } = ctx.deps;
  const user = await requireUser(store, pool, input.Username);
  if (user.status !== 'FORCE_CHANGE_PASSWORD') {
    throw new CognitoError('UnsupportedUserStateException', `Resend not possible. ${input.Username} status is not FORCE_CHANGE_PASSWORD`);
  }
  const channels = invitationChannels(input, user.attributes);
  const password = temporaryPassword(pool, input.TemporaryPassword) ?? generateTemporaryPassword(passwordPolicyOf(pool));
  const t = now();
  setPassword(user, pool, password, masterKey);
  user.tempPasswordExpiresAt = temporaryPasswordExpiry(pool, t);
  user.failedAttempts = 0;
  user.lockedUntil = 0;
  user.updatedAt = t;
  await store.users.updateUser(user);
  await sendInvitation(ctx, pool, user, channels, password, input.Username, input.ClientMetadata);
  return toUserType(user);
}

/**
 * AdminCreateUser (spec/semantics.md §6): a new user in FORCE_CHANGE_PASSWORD with a temporary
 * password (CONFIRMED without one in passwordless pools) and an invitation; MessageAction=RESEND
 * sends a new temporary password to a user still waiting for its first sign-in.
 */
export async function createUser(ctx: RequestContext, pool: PoolRecord, input: AdminCreateUserRequest): Promise<AdminCreateUserResponse> {
  const { store, now, masterKey } = ctx.deps;
  if (input.MessageAction === 'RESEND') return { User: await resend(ctx, pool, input) };

  const sub = randomUUID();
  const name = prepareNewUsername(pool, input.Username, sub);
  const attributes = Object.fromEntries(validateAttributeWrites(pool, input.UserAttributes ?? [], { mode: 'create', admin: true }));
  if (name.attribute) attributes[name.attribute.name] = name.attribute.value;
  checkVerifiedFlags(attributes);
  const channels = input.MessageAction === 'SUPPRESS' ? [] : invitationChannels(input, attributes);
  const password = temporaryPassword(pool, input.TemporaryPassword);
  // PreSignUp_AdminCreateUser may refuse before anything is written; its autoConfirmUser /
  // autoVerify* answers are ignored for AdminCreateUser (Developer Guide, "Pre sign-up Lambda trigger").
  await runTrigger(ctx.deps, pool, 'PreSignUp', {
    triggerSource: 'PreSignUp_AdminCreateUser',
    userName: name.username,
    clientId: undefined,
    request: {
      userAttributes: { ...attributes },
      validationData: validationDataOf(input.ValidationData),
      ...(input.ClientMetadata !== undefined ? { clientMetadata: input.ClientMetadata } : {}),
    },
  });

  const t = now();
  const user = newUserRecord(pool, { sub, username: name.username, status: password === undefined ? 'CONFIRMED' : 'FORCE_CHANGE_PASSWORD', attributes, now: t });
  if (password !== undefined) {
    // A generated password that no message carries is known to no one: a verifier nobody can
    // open serves as well and costs no modular exponentiation (see setUndeliveredPassword).
    if (input.TemporaryPassword === undefined && channels.length === 0) setUndeliveredPassword(user, pool, masterKey);
    else setPassword(user, pool, password, masterKey);
    user.tempPasswordExpiresAt = temporaryPasswordExpiry(pool, t);
  }
  await insertUserChecked(store, pool, user, { forceAliasCreation: input.ForceAliasCreation === true, now: t });
  await sendInvitation(ctx, pool, user, channels, password, input.Username, input.ClientMetadata);
  return { User: toUserType(user) };
}
