/**
 * The one error type handlers throw. `type` is the AWS exception name exactly as the
 * Cognito model spells it (e.g. `UserNotFoundException`); it becomes `__type` and
 * `x-amzn-ErrorType` on the wire. AWS answers every client error with HTTP 400 and
 * only server faults with 500.
 */
export class ApiError extends Error {
  readonly type: string;
  readonly status: number;
  constructor(type: string, message: string, status?: number) {
    super(message);
    this.type = type;
    this.status = status ?? (type === 'InternalErrorException' || type === 'InternalServerException' ? 500 : 400);
  }
}

export const invalidParameter = (message: string): ApiError => new ApiError('InvalidParameterException', message);
export const notAuthorized = (message: string): ApiError => new ApiError('NotAuthorizedException', message);
export const resourceNotFound = (message: string): ApiError => new ApiError('ResourceNotFoundException', message);
export const userNotFound = (message = 'User does not exist.'): ApiError => new ApiError('UserNotFoundException', message);

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
