/**
 * Runs one of a pool's Lambda triggers (its `LambdaConfig`) with AWS's common event shape and turns
 * a failure into the error AWS answers (Developer Guide, "Customizing user pool workflows with
 * Lambda triggers"; the messages as Cognito returns them):
 *   the function throws            → UserLambdaValidationException `<Trigger> failed with error <message>.`
 *   it cannot be run / times out    → UnexpectedLambdaException `<Trigger> invocation failed due to error <reason>.`
 *   its answer is not the event     → InvalidLambdaResponseException `Unrecognizable lambda output`
 */
import { CognitoError } from '../errors.ts';
import { poolConfigOf, regionOfPool } from '../pools/pool-config.ts';
import type { PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { FunctionError, type FunctionInvoker } from './ports.ts';

export type TriggerName =
  | 'PreSignUp'
  | 'PreTokenGeneration'
  | 'PostConfirmation'
  | 'PreAuthentication'
  | 'PostAuthentication'
  | 'CustomMessage'
  | 'UserMigration'
  | 'DefineAuthChallenge'
  | 'CreateAuthChallenge'
  | 'VerifyAuthChallengeResponse'
  | 'CustomEmailSender'
  | 'CustomSMSSender'
  | 'InboundFederation';

export interface TriggerCall {
  triggerSource: string;
  /** The user's Username (AWS's `userName`); null for machine-to-machine tokens, which have no user. */
  userName: string | null;
  /** The app client, or undefined for calls without one (`CLIENT_ID_NOT_APPLICABLE`). */
  clientId: string | undefined;
  request: Record<string, unknown>;
}

/** A JSON object (not null, not an array): the shape of an event, a response and their maps. */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The function's ARN for a trigger and the event `version` it gets, or undefined when the pool has
 * none. PreTokenGenerationConfig (LambdaArn, LambdaVersion V1_0/V2_0/V3_0 → event version 1/2/3)
 * wins over the legacy PreTokenGeneration ARN (API Reference, LambdaConfigType).
 */
export function triggerOf(pool: PoolRecord, trigger: TriggerName): { arn: string; version: string } | undefined {
  const lambda = poolConfigOf(pool).LambdaConfig;
  if (trigger === 'PreTokenGeneration') {
    const config = lambda['PreTokenGenerationConfig'];
    if (isObject(config) && typeof config['LambdaArn'] === 'string' && config['LambdaArn'] !== '') {
      const version = config['LambdaVersion'] === 'V3_0' ? '3' : config['LambdaVersion'] === 'V2_0' ? '2' : '1';
      return { arn: config['LambdaArn'], version };
    }
  }
  if (trigger === 'CustomEmailSender' || trigger === 'CustomSMSSender' || trigger === 'InboundFederation') {
    const config = lambda[trigger];
    return isObject(config) && typeof config['LambdaArn'] === 'string' && config['LambdaArn'] !== '' ? { arn: config['LambdaArn'], version: '1' } : undefined;
  }
  const arn = lambda[trigger];
  return typeof arn === 'string' && arn !== '' ? { arn, version: '1' } : undefined;
}

export const unrecognizableOutput = (): CognitoError => new CognitoError('InvalidLambdaResponseException', 'Unrecognizable lambda output');

/**
 * The trigger's `response` object, or undefined when the pool has no such trigger. Throws the
 * CognitoError AWS answers when the function fails or answers something that is not an event.
 */
export async function runTrigger(deps: { functions?: FunctionInvoker | undefined }, pool: PoolRecord, trigger: TriggerName, call: TriggerCall): Promise<Record<string, unknown> | undefined> {
  const found = triggerOf(pool, trigger);
  if (found === undefined) return undefined;
  const { arn } = found;
  const event = {
    version: found.version,
    triggerSource: call.triggerSource,
    region: regionOfPool(pool.id),
    userPoolId: pool.id,
    userName: call.userName,
    callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: call.clientId ?? 'CLIENT_ID_NOT_APPLICABLE' },
    request: call.request,
    response: {},
  };
  if (deps.functions === undefined) {
    throw new CognitoError('UnexpectedLambdaException', `${trigger} invocation failed due to error ResourceNotFoundException: nothing can run ${arn} on this server.`);
  }
  let answer: unknown;
  try {
    answer = await deps.functions.invoke(arn, event);
  } catch (err) {
    if (err instanceof FunctionError && err.kind === 'handler') throw new CognitoError('UserLambdaValidationException', `${trigger} failed with error ${err.message}.`);
    const reason = err instanceof FunctionError ? `${err.reason}: ${err.message}` : `ServiceException: ${(err as Error).message}`;
    throw new CognitoError('UnexpectedLambdaException', `${trigger} invocation failed due to error ${reason}`);
  }
  if (!isObject(answer)) throw unrecognizableOutput();
  const response = answer['response'] ?? {};
  if (!isObject(response)) throw unrecognizableOutput();
  return response;
}

/** `request.validationData`: the request's ValidationData as a name → value map, null when it has none. */
export function validationDataOf(list: ReadonlyArray<{ Name: string; Value?: string | undefined }> | undefined): Record<string, string> | null {
  return list && list.length > 0 ? Object.fromEntries(list.map((a) => [a.Name, a.Value ?? ''])) : null;
}

/** `request.userAttributes` as AWS sends it for an existing user: the attributes, `sub` and `cognito:user_status`. */
export function triggerAttributes(user: UserRecord): Record<string, string> {
  return { sub: user.sub, ...user.attributes, 'cognito:user_status': user.status };
}

/** A response member that must be a boolean when present (null counts as absent). */
export function booleanMember(response: Record<string, unknown>, name: string): boolean {
  const v = response[name];
  if (v === undefined || v === null) return false;
  if (typeof v !== 'boolean') throw unrecognizableOutput();
  return v;
}
