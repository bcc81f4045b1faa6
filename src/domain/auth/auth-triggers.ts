/**
 * The Lambda triggers of confirmation and sign-in (Developer Guide: "Post confirmation", "Pre
 * authentication", "Post authentication" Lambda triggers). Their answer is only success or failure:
 * a function that throws stops the operation with UserLambdaValidationException.
 */
import type { Deps } from '../context.ts';
import type { ClientRecord, PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { runTrigger, triggerAttributes } from '../triggers/run-trigger.ts';

/**
 * PostConfirmation_ConfirmSignUp / PostConfirmation_ConfirmForgotPassword, after the confirmation is
 * saved (as on AWS, a failing function does not undo it). `client` undefined: AdminConfirmSignUp.
 */
export async function postConfirmation(deps: Deps, pool: PoolRecord, client: ClientRecord | undefined, user: UserRecord, source: 'ConfirmSignUp' | 'ConfirmForgotPassword', clientMetadata?: Record<string, string>): Promise<void> {
  await runTrigger(deps, pool, 'PostConfirmation', {
    triggerSource: `PostConfirmation_${source}`,
    userName: user.username,
    clientId: client?.id,
    request: { userAttributes: triggerAttributes(user), ...(clientMetadata !== undefined ? { clientMetadata } : {}) },
  });
}

/**
 * PreAuthentication_Authentication, before the password is checked: a throwing function refuses the
 * sign-in. The sign-in's ClientMetadata arrives as `validationData` (Developer Guide, "Pre
 * authentication Lambda trigger").
 */
export async function preAuthentication(deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord, validationData?: Record<string, string>): Promise<void> {
  await runTrigger(deps, pool, 'PreAuthentication', {
    triggerSource: 'PreAuthentication_Authentication',
    userName: user.username,
    clientId: client.id,
    request: { userAttributes: triggerAttributes(user), validationData: validationData ?? null, userNotFound: false },
  });
}

/**
 * PreAuthentication for a username nobody has, on a client that hides user existence: AWS runs the
 * function with `userNotFound: true` so that it can answer as for any user (its throw is still a refusal).
 */
export async function preAuthenticationOfUnknown(deps: Deps, pool: PoolRecord, client: ClientRecord, username: string, validationData?: Record<string, string>): Promise<void> {
  await runTrigger(deps, pool, 'PreAuthentication', {
    triggerSource: 'PreAuthentication_Authentication',
    userName: username,
    clientId: client.id,
    request: { userAttributes: {}, validationData: validationData ?? null, userNotFound: true },
  });
}

/** PostAuthentication_Authentication, after every factor and before the tokens: a throwing function refuses the sign-in. */
export async function postAuthentication(deps: Deps, pool: PoolRecord, client: ClientRecord, user: UserRecord, newDeviceUsed: boolean, clientMetadata?: Record<string, string>): Promise<void> {
  await runTrigger(deps, pool, 'PostAuthentication', {
    triggerSource: 'PostAuthentication_Authentication',
    userName: user.username,
    clientId: client.id,
    request: { userAttributes: triggerAttributes(user), newDeviceUsed, ...(clientMetadata !== undefined ? { clientMetadata } : {}) },
  });
}
