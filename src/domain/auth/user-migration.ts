/**
 * The migrate user trigger on sign-in (Developer Guide, "Migrate user Lambda trigger"): when a
 * USER_PASSWORD_AUTH / ADMIN_USER_PASSWORD_AUTH sign-in names a user the pool does not have, the
 * function gets the username and password (`UserMigration_Authentication`) and may answer the
 * user's attributes; the user is then created with that password and the sign-in goes on as for
 * any user. A function that throws means "not migrated": the caller gets the unknown-user answer
 * (which PreventUserExistenceErrors shapes).
 */
import { randomUUID } from 'node:crypto';
import { CognitoError } from '../errors.ts';
import type { UserRecord } from '../../storage/ports/index.ts';
import { isObject, runTrigger, unrecognizableOutput } from '../triggers/run-trigger.ts';
import { validateAttributeWrites } from '../users/attributes.ts';
import { newUserRecord } from '../users/new-user.ts';
import { setPassword } from '../users/password.ts';
import { prepareNewUsername } from '../users/username.ts';
import { insertUserChecked } from '../users/write.ts';
import type { AuthCall } from './sign-in.ts';

/** The migrated user, or undefined (no trigger, or the function did not migrate the user). */
export async function migrateOnSignIn(call: AuthCall, username: string, password: string): Promise<UserRecord | undefined> {
  const { deps, pool, client } = call;
  let response: Record<string, unknown> | undefined;
  try {
    response = await runTrigger(deps, pool, 'UserMigration', {
      triggerSource: 'UserMigration_Authentication',
      userName: username,
      clientId: client.id,
      request: { password, validationData: call.validationData ?? null },
    });
  } catch (err) {
    if (err instanceof CognitoError && err.type === 'UserLambdaValidationException') return undefined;
    throw err;
  }
  if (response === undefined) return undefined;
  const attributes = response['userAttributes'];
  if (!isObject(attributes) || !Object.values(attributes).every((v) => typeof v === 'string')) throw unrecognizableOutput();
  const finalStatus = response['finalUserStatus'] ?? 'CONFIRMED';
  if (finalStatus !== 'CONFIRMED' && finalStatus !== 'RESET_REQUIRED') throw unrecognizableOutput();
  const forceAliasCreation = response['forceAliasCreation'] === true;

  const sub = randomUUID();
  const name = prepareNewUsername(pool, username, sub);
  const writes = validateAttributeWrites(pool, Object.entries(attributes as Record<string, string>).filter(([k]) => k !== 'username').map(([Name, Value]) => ({ Name, Value })), { mode: 'create', admin: true });
  const values: Record<string, string> = {};
  if (name.attribute) values[name.attribute.name] = name.attribute.value;
  for (const [k, v] of writes) if (v !== '') values[k] = v;
  const now = deps.now();
  const user = newUserRecord(pool, { sub, username: name.username, status: finalStatus, attributes: values, now });
  setPassword(user, pool, password, deps.masterKey);
  await insertUserChecked(deps.store, pool, user, { forceAliasCreation, now });
  return user;
}
