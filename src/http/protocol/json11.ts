import { CognitoError } from '../../domain/errors.ts';

export const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

/** Operation name from `X-Amz-Target`, or undefined when the prefix is not Cognito's. */
export function operationFromTarget(target: string): string | undefined {
  return target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : undefined;
}

/** Parses a JSON 1.1 body: empty means `{}`; anything but an object is a SerializationException. */
export function parseJsonBody(body: Buffer | string | undefined): Record<string, unknown> {
  const text = body === undefined ? '' : typeof body === 'string' ? body : body.toString('utf8');
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new CognitoError('SerializationException', 'Unexpected character in the request body: the body is not valid JSON.');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CognitoError('SerializationException', 'Start of structure or map expected: the request body must be a JSON object.');
  }
  return value as Record<string, unknown>;
}

/** AWS's error body. */
export function errorBody(type: string, message: string): string {
  return JSON.stringify({ __type: type, message });
}
