/**
 * How the domain runs a user pool's Lambda triggers: a function named by its ARN gets an event and
 * answers one. Where the code lives (a local module, AWS Lambda's Invoke API) is an adapter's
 * business (src/adapters/lambda/).
 */
export interface FunctionInvoker {
  /** Runs the function once per attempt (AWS's timeout and retries included); rejects with a FunctionError. */
  invoke(arn: string, event: Record<string, unknown>): Promise<unknown>;
  /** Lets go of what it keeps between calls (warm workers), at server shutdown. */
  close?(): void;
}

/**
 * Encrypts a code for a custom sender function with a KMS key, as Cognito does (AWS Encryption SDK,
 * the pool's `LambdaConfig.KMSKeyID`); answers the ciphertext, base64. Rejects when KMS cannot be used.
 */
export interface CodeEncryptor {
  encrypt(kmsKeyArn: string, code: string, encryptionContext: Record<string, string>): Promise<string>;
}

/**
 * Why a function gave no answer. `handler`: the function ran and threw (its message is shown to the
 * caller, as AWS shows it); `unavailable`: it could not be run or did not answer (missing, timed out,
 * crashed) — `reason` names the error as AWS's messages do (`ResourceNotFoundException`, …).
 */
export class FunctionError extends Error {
  constructor(
    readonly kind: 'handler' | 'unavailable',
    message: string,
    readonly reason = kind === 'handler' ? 'Error' : 'ServiceException',
  ) {
    super(message);
  }
}
