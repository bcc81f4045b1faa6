import assert from 'node:assert/strict';
import { CognitoError, type CognitoErrorName } from '../../src/domain/errors.ts';

/**
 * The AWS exception name an error carries: a JSON 1.1 body's `__type`, the SDK's `name`, or
 * amazon-cognito-identity-js's `code` (its errors may be plain `Error`s).
 */
function typeOf(e: unknown): string | undefined {
  const err = e as { __type?: unknown; name?: string; code?: string };
  if (typeof err.__type === 'string') return err.__type;
  return err.name === 'Error' && err.code ? err.code : err.name;
}

/**
 * A predicate for assert.rejects and settled results: the error is AWS's `type`, and its message
 * equals `message` (a string) or matches it (a RegExp); it throws a message naming what it got.
 */
export function awsError(type: string, message?: string | RegExp) {
  return (e: unknown): boolean => {
    const name = typeOf(e);
    const text = (e as { message?: string }).message;
    if (name !== type) throw new Error(`expected ${type}, got ${name}: ${text}`);
    if (message instanceof RegExp ? !message.test(text ?? '') : message !== undefined && text !== message) {
      throw new Error(`expected message ${String(message)}, got ${text}`);
    }
    return true;
  };
}

/** Asserts that `promise` rejects with AWS's `type` (and `message`, a string or a RegExp). */
export async function rejectsWith(promise: Promise<unknown>, type: string, message?: string | RegExp): Promise<void> {
  await assert.rejects(promise, awsError(type, message));
}

/**
 * A predicate for assert.throws/rejects on in-process calls: a CognitoError (what the domain and the
 * protocol layer throw) of `type`, with `message` (equal, or matching a RegExp) and HTTP `status`
 * when given.
 */
export function cognitoError(type: CognitoErrorName, message?: string | RegExp, status?: number) {
  return (e: unknown): boolean => {
    assert.ok(e instanceof CognitoError, `expected CognitoError, got ${String(e)}`);
    assert.equal(e.type, type);
    if (typeof message === 'string') assert.equal(e.message, message);
    else if (message !== undefined) assert.match(e.message, message);
    if (status !== undefined) assert.equal(e.status, status);
    return true;
  };
}
