/**
 * An administrator's operations on one user's account, the user named by Username, sub or alias:
 * AdminGetUser, AdminEnableUser / AdminDisableUser, AdminConfirmSignUp, AdminDeleteUser.
 */
import type { Deps } from '../context.ts';
import { CognitoError } from '../errors.ts';
import type { AdminGetUserResponse } from '../../generated/shapes.ts';
import type { PoolRecord } from '../../storage/ports/index.ts';
import { CodePurpose } from '../messaging/codes.ts';
import { userMfaSummary } from '../mfa/user-mfa.ts';
import { postConfirmation } from '../auth/auth-triggers.ts';
import { requireUser } from './resolve.ts';
import { toAdminGetUserOutput } from './user-type.ts';

/** AdminGetUser: attributes under `UserAttributes`, `sub` first, with the MFA settings. */
export async function describeUser(deps: Deps, pool: PoolRecord, username: string): Promise<AdminGetUserResponse> {
  const user = await requireUser(deps.store, pool, username);
  return toAdminGetUserOutput(user, await userMfaSummary(deps.store, user));
}

/**
 * AdminDeleteUser: the row goes, and with it (foreign keys, ON DELETE CASCADE) the user's group
 * memberships, refresh tokens and codes. The username can be reused afterwards.
 */
export async function deleteUserAccount(deps: Deps, pool: PoolRecord, username: string): Promise<void> {
  const user = await requireUser(deps.store, pool, username);
  if (!(await deps.store.users.deleteUser(pool.id, user.sub))) throw new CognitoError('UserNotFoundException', 'User does not exist.');
}

/**
 * AdminDisableUser: Enabled=false and every token issued so far revoked (`tokensValidAfter` = now,
 * refresh tokens marked revoked). Sign-in then answers `NotAuthorizedException: User is disabled.`
 */
export async function disableUser(deps: Deps, pool: PoolRecord, username: string): Promise<void> {
  const user = await requireUser(deps.store, pool, username);
  const t = deps.now();
  user.enabled = false;
  user.tokensValidAfter = t;
  user.updatedAt = t;
  await deps.store.transaction(async (tx) => {
    await tx.users.updateUser(user);
    await tx.auth.revokeUserRefreshTokens(pool.id, user.sub, t);
  });
}

/** AdminEnableUser: Enabled=true (tokens revoked by AdminDisableUser stay revoked). */
export async function enableUser(deps: Deps, pool: PoolRecord, username: string): Promise<void> {
  const user = await requireUser(deps.store, pool, username);
  user.enabled = true;
  user.updatedAt = deps.now();
  await deps.store.users.updateUser(user);
}

/**
 * AdminConfirmSignUp: UNCONFIRMED → CONFIRMED (no attribute gets verified); the pending sign-up code
 * is dropped; then PostConfirmation_ConfirmSignUp with the request's ClientMetadata (API Reference,
 * AdminConfirmSignUp).
 */
export async function confirmUserSignUp(deps: Deps, pool: PoolRecord, username: string, clientMetadata?: Record<string, string>): Promise<void> {
  const user = await requireUser(deps.store, pool, username);
  if (user.status !== 'UNCONFIRMED') throw new CognitoError('NotAuthorizedException', `User cannot be confirmed. Current status is ${user.status}`);
  user.status = 'CONFIRMED';
  user.updatedAt = deps.now();
  await deps.store.transaction(async (tx) => {
    await tx.users.updateUser(user);
    await tx.auth.deleteCode(pool.id, user.sub, CodePurpose.SIGN_UP);
  });
  await postConfirmation(deps, pool, undefined, user, 'ConfirmSignUp', clientMetadata);
}
