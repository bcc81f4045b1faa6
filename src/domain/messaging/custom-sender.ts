/**
 * Custom sender triggers (Developer Guide, "Custom sender Lambda triggers"): a pool with
 * `LambdaConfig.CustomEmailSender` / `CustomSMSSender` does not send that channel's messages itself.
 * The code (or temporary password) is encrypted with the pool's `LambdaConfig.KMSKeyID` through the
 * AWS Encryption SDK and handed to the function (`request.type` customEmailSenderRequestV1 /
 * customSMSSenderRequestV1, `request.code` base64 ciphertext), which sends the message its own way.
 * Cognito invokes these functions asynchronously: a function that fails does not fail the request
 * (it is logged). Nothing goes to the outbox, SMTP or the SMS webhook.
 */
import { CognitoError } from '../errors.ts';
import type { PoolRecord, UserRecord } from '../../storage/ports/index.ts';
import { poolConfigOf } from '../pools/pool-config.ts';
import type { CodeEncryptor, FunctionInvoker } from '../triggers/ports.ts';
import { runTrigger, triggerAttributes, triggerOf } from '../triggers/run-trigger.ts';
import { MESSAGE_SOURCE, type Channel, type MessageKind } from './templates.ts';

export type SenderTrigger = 'CustomEmailSender' | 'CustomSMSSender';

/** The channel's custom sender trigger, when the pool has one. */
export function customSenderOf(pool: PoolRecord, channel: Channel): SenderTrigger | undefined {
  const trigger: SenderTrigger = channel === 'EMAIL' ? 'CustomEmailSender' : 'CustomSMSSender';
  return triggerOf(pool, trigger) !== undefined ? trigger : undefined;
}

export interface SenderDeps {
  functions?: FunctionInvoker;
  codeEncryptor?: CodeEncryptor;
}

export interface SenderMessage {
  kind: MessageKind;
  code?: string | undefined;
  clientId?: string | undefined;
  clientMetadata?: Record<string, string> | undefined;
  log?: { warn(obj: object, msg?: string): void } | undefined;
}

/** Encrypts the code and runs the sender function; a function failure is logged, not thrown (AWS invokes it asynchronously). */
export async function sendThroughCustomSender(deps: SenderDeps, pool: PoolRecord, user: UserRecord, trigger: SenderTrigger, message: SenderMessage): Promise<void> {
  let code: string | null = null;
  if (message.code !== undefined) {
    const keyArn = poolConfigOf(pool).LambdaConfig['KMSKeyID'];
    if (typeof keyArn !== 'string' || keyArn === '') {
      throw new CognitoError('InvalidParameterException', `LambdaConfig.${trigger} needs LambdaConfig.KMSKeyID: the key the codes are encrypted with.`);
    }
    if (deps.codeEncryptor === undefined) throw new CognitoError('UnexpectedLambdaException', `${trigger} invocation failed due to error KMSException: this server has no KMS client.`);
    try {
      code = await deps.codeEncryptor.encrypt(keyArn, message.code, { userpoolId: pool.id });
    } catch (err) {
      throw new CognitoError('UnexpectedLambdaException', `${trigger} invocation failed due to error KMSException: ${(err as Error).message}`);
    }
  }
  try {
    await runTrigger(deps, pool, trigger, {
      triggerSource: `${trigger}_${MESSAGE_SOURCE[message.kind]}`,
      userName: user.username,
      clientId: message.clientId,
      request: {
        type: trigger === 'CustomEmailSender' ? 'customEmailSenderRequestV1' : 'customSMSSenderRequestV1',
        code,
        userAttributes: triggerAttributes(user),
        ...(message.clientMetadata !== undefined ? { clientMetadata: message.clientMetadata } : {}),
      },
    });
  } catch (err) {
    message.log?.warn({ err: err instanceof Error ? err.message : String(err), userPoolId: pool.id, trigger }, 'custom sender function failed');
  }
}
