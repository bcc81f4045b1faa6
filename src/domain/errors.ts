import { errorShapes, type ErrorName } from '../generated/errors.ts';

/**
 * Errors every AWS JSON service may answer that the Cognito model does not list (AWS "Common
 * Errors" page: https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/CommonErrors.html),
 * plus `UnknownOperationException`, which the AWS SDKs read as an unknown target.
 */
export type CommonErrorName =
  | 'AccessDeniedException'
  | 'IncompleteSignatureException'
  | 'InternalFailure'
  | 'InvalidSignatureException'
  | 'MissingAction'
  | 'MissingAuthenticationTokenException'
  | 'SerializationException'
  | 'ThrottlingException'
  | 'UnknownOperationException'
  | 'UnrecognizedClientException'
  | 'ValidationException';

/** Every exception name this server may answer: a misspelt name does not compile. */
export type CognitoErrorName = ErrorName | CommonErrorName;

/**
 * The one error the domain, the operations and the wire layer throw for an answer the client
 * should see. `type` becomes `__type` and `x-amzn-ErrorType`; AWS answers every client error with
 * HTTP 400 and only server faults with 500 (the model's `fault` says which).
 */
export class CognitoError extends Error {
  readonly type: CognitoErrorName;
  readonly status: number;
  constructor(type: CognitoErrorName, message: string, status?: number) {
    super(message);
    this.type = type;
    this.status = status ?? (Object.hasOwn(errorShapes, type) ? errorShapes[type as ErrorName].status : 400);
  }
}

/**
 * Bounds on what an error repeats back. A client-supplied value can be as long as a request
 * (16 KiB of URL or header, 1 MiB of body); echoed whole it made `x-amzn-ErrorMessage` a header
 * that boto3, the JS SDK and curl refuse to read. AWS does not document limits: these keep every
 * header far below the 8 KiB most HTTP clients accept.
 */
export const MAX_QUOTED = 64;
/** A value in a validation message: AWS quotes it whole; long values by this prefix. */
export const MAX_QUOTED_VALUE = 512;
export const MAX_MESSAGE = 2048;
export const MAX_HEADER_MESSAGE = 1024;

/** `text` cut to `max` characters, marked with `...` when cut. */
export function clip(text: string, max: number = MAX_QUOTED): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 3))}...`;
}
