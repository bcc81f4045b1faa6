/**
 * The migrate user trigger on sign-in (Developer Guide, "Migrate user Lambda trigger"): when a
 * USER_PASSWORD_AUTH / ADMIN_USER_PASSWORD_AUTH sign-in names a user the pool does not have, the
 * function gets the username and password (`UserMigration_Authentication`) and may answer the
 * user's attributes; the user is then created with that password and the sign-in goes on as for
 * any user; ForgotPassword for such a user asks it too (`UserMigration_ForgotPassword`). A function
 * that throws means "not migrated": the caller gets the unknown-user answer (which
 * PreventUserExistenceErrors shapes).
 */
import { randomUUID } from 'node:crypto';
import { CognitoError } from '../errors.ts';
import type { Deps } from '../context.ts';
import type { ClientRecord, PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { isObject, runTrigger, unrecognizableOutput } from '../triggers/run-trigger.ts';
import { validateAttributeWrites } from '../users/attributes.ts';
import { poolFactors, poolMfaMode } from '../mfa/pool-mfa.ts';
import { setMfaPreference } from '../mfa/user-mfa.ts';
import { newUserRecord } from '../users/new-user.ts';
import { setPassword } from '../users/password.ts';
import { prepareNewUsername } from '../users/username.ts';
import { insertUserChecked } from '../users/write.ts';
import type { AuthCall } from './sign-in.ts';

/** The sign-in or recovery call a migration runs for. */
interface MigrationCall {
  deps: Deps;
  pool: PoolRecord;
  client: ClientRecord;
}

/** The function's answer, or undefined: no function, or it threw ("not migrated"). */
async function askToMigrate(call: MigrationCall, username: string, triggerSource: string, request: Record<string, unknown>): Promise<Record<string, unknown> | undefined> {
  try {
    return await runTrigger(call.deps, call.pool, 'UserMigration', { triggerSource, userName: username, clientId: call.client.id, request });
  } catch (err) {
    if (err instanceof CognitoError && err.type === 'UserLambdaValidationException') return undefined;
    throw err;
  }
}

/** Creates the user the function answered; `password` undefined: a user without one (ForgotPassword sets it). */
async function createMigratedUser(call: MigrationCall, username: string, response: Record<string, unknown>, password: string | undefined): Promise<UserRecord> {
  const { deps, pool } = call;
  const attributes = response['userAttributes'];
  if (!isObject(attributes) || !Object.values(attributes).every((v) => typeof v === 'string')) throw unrecognizableOutput();
  const finalStatus = response['finalUserStatus'] ?? 'CONFIRMED';
  if (finalStatus !== 'CONFIRMED' && finalStatus !== 'RESET_REQUIRED') throw unrecognizableOutput();
  const forceAliasCreation = response['forceAliasCreation'] === true;
  const enableSmsMfa = response['enableSMSMFA'] === true;

  const sub = randomUUID();
  const name = prepareNewUsername(pool, username, sub);
  const writes = validateAttributeWrites(pool, Object.entries(attributes as Record<string, string>).filter(([k]) => k !== 'username').map(([Name, Value]) => ({ Name, Value })), { mode: 'create', admin: true });
  const values: Record<string, string> = {};
  if (name.attribute) values[name.attribute.name] = name.attribute.value;
  for (const [k, v] of writes) if (v !== '') values[k] = v;
  // enableSMSMFA needs a phone number and a pool that offers SMS MFA, checked before anything is written.
  if (enableSmsMfa && (!values['phone_number'] || poolMfaMode(pool) === 'OFF' || !poolFactors(pool).has('SMS_MFA'))) {
    throw new CognitoError('InvalidLambdaResponseException', 'UserMigration answered enableSMSMFA, but the user has no phone_number or the user pool does not offer SMS MFA.');
  }
  const now = deps.now();
  // Without a password the user can only finish the reset: RESET_REQUIRED whatever the function said.
  const user = newUserRecord(pool, { sub, username: name.username, status: password === undefined ? 'RESET_REQUIRED' : finalStatus, attributes: values, now });
  if (password !== undefined) setPassword(user, pool, password, deps.masterKey);
  await insertUserChecked(deps.store, pool, user, { forceAliasCreation, now });
  if (!enableSmsMfa) return user;
  await setMfaPreference(deps, user, { SMSMfaSettings: { Enabled: true } });
  return (await deps.store.users.findUserBySub(pool.id, user.sub)) ?? user;
}

/**
 * UserMigration_Authentication: the migrated user, or undefined (no trigger, or the function did
 * not migrate the user). Not for SRP: the function must see the password, which SRP never sends
 * (Developer Guide, "Importing users with a user migration Lambda trigger").
 */
export async function migrateOnSignIn(call: AuthCall, username: string, password: string): Promise<UserRecord | undefined> {
  const response = await askToMigrate(call, username, 'UserMigration_Authentication', { password, validationData: call.validationData ?? null });
  return response === undefined ? undefined : createMigratedUser(call, username, response, password);
}

/**
 * UserMigration_ForgotPassword: ForgotPassword for a user the pool lacks asks the function; a
 * migrated user is created without a password (RESET_REQUIRED) and gets the reset code.
 */
export async function migrateOnForgotPassword(call: MigrationCall, username: string, clientMetadata: Record<string, string> | undefined): Promise<UserRecord | undefined> {
  const response = await askToMigrate(call, username, 'UserMigration_ForgotPassword', { validationData: null, ...(clientMetadata !== undefined ? { clientMetadata } : {}) });
  return response === undefined ? undefined : createMigratedUser(call, username, response, undefined);
}
