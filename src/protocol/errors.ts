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
