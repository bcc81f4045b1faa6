/** Password policy (spec/semantics.md §5). */
import { randomInt as cryptoRandomInt } from 'node:crypto';
import { CognitoError } from '../errors.ts';

export interface PasswordPolicy {
  MinimumLength?: number;
  RequireUppercase?: boolean;
  RequireLowercase?: boolean;
  RequireNumbers?: boolean;
  RequireSymbols?: boolean;
  TemporaryPasswordValidityDays?: number;
}

export const DEFAULT_PASSWORD_POLICY: Required<PasswordPolicy> = Object.freeze({
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: 7,
});

/** Cognito's symbol set; a space also counts once leading/trailing whitespace is excluded. */
export const PASSWORD_SYMBOLS = '^$*.[]{}()?"!@#%&/\\,><\':;|_~`=+- ';

/** Java's `\s`, which AWS's `^[\S]+.*[\S]+$` password pattern is written with. */
const JAVA_WHITESPACE = /[ \t\n\x0B\f\r]/;
/** Characters Java's `.` does not match, so AWS rejects them anywhere in a password. */
const JAVA_LINE_TERMINATOR = /[\n\r\u0085\u2028\u2029]/;
const AWS_PASSWORD_PATTERN = '^[\\S]+.*[\\S]+$';

const UPPER = /[A-Z]/;
const LOWER = /[a-z]/;
const DIGIT = /[0-9]/;

function nonConforming(reason: string): CognitoError {
  return new CognitoError('InvalidPasswordException', `Password did not conform with policy: ${reason}`);
}

function hasSymbol(password: string): boolean {
  for (const ch of password) if (PASSWORD_SYMBOLS.includes(ch)) return true;
  return false;
}

export interface CheckPasswordOptions {
  /** Request member named in the validation message: `password`, `proposedPassword`, `temporaryPassword`… */
  member?: string;
}

/**
 * Throws the error AWS answers for a password the pool does not accept.
 *
 * Leading/trailing whitespace is refused the way AWS does it, as request validation against
 * `^[\S]+.*[\S]+$` (InvalidParameterException naming the member), before the policy is checked.
 * Policy checks run in AWS's order: length, uppercase, lowercase, numbers, symbols. Absent
 * `Require*` flags are not enforced; an absent MinimumLength means the default 8.
 */
export function checkPasswordPolicy(password: string, policy: PasswordPolicy, options: CheckPasswordOptions = {}): void {
  const first = password.charAt(0);
  const last = password.charAt(password.length - 1);
  if (password.length < 2 || JAVA_WHITESPACE.test(first) || JAVA_WHITESPACE.test(last) || JAVA_LINE_TERMINATOR.test(password)) {
    throw new CognitoError(
      'InvalidParameterException',
      `1 validation error detected: Value at '${options.member ?? 'password'}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${AWS_PASSWORD_PATTERN}`,
    );
  }
  if (password.length < (policy.MinimumLength ?? DEFAULT_PASSWORD_POLICY.MinimumLength)) throw nonConforming('Password not long enough');
  if (policy.RequireUppercase === true && !UPPER.test(password)) throw nonConforming('Password must have uppercase characters');
  if (policy.RequireLowercase === true && !LOWER.test(password)) throw nonConforming('Password must have lowercase characters');
  if (policy.RequireNumbers === true && !DIGIT.test(password)) throw nonConforming('Password must have numeric characters');
  if (policy.RequireSymbols === true && !hasSymbol(password)) throw nonConforming('Password must have symbol characters');
}

// Look-alikes (I/l/1, O/0) and symbols that templates or mail clients mangle (< > & quotes \ space) are left out.
const GEN_UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const GEN_LOWER = 'abcdefghijkmnopqrstuvwxyz';
const GEN_DIGITS = '23456789';
const GEN_SYMBOLS = '!#$%*+-=?@^_~';
const GEN_ALL = GEN_UPPER + GEN_LOWER + GEN_DIGITS + GEN_SYMBOLS;
const GEN_MIN_LENGTH = 12;

/**
 * A temporary password that satisfies `policy` whatever its flags (it always has one character of
 * each class), at least 12 characters long.
 */
export function generateTemporaryPassword(policy: PasswordPolicy, randomInt: (max: number) => number = cryptoRandomInt): string {
  const pick = (alphabet: string): string => alphabet.charAt(randomInt(alphabet.length));
  const length = Math.max(policy.MinimumLength ?? DEFAULT_PASSWORD_POLICY.MinimumLength, GEN_MIN_LENGTH);
  const chars = [pick(GEN_UPPER), pick(GEN_LOWER), pick(GEN_DIGITS), pick(GEN_SYMBOLS)];
  while (chars.length < length) chars.push(pick(GEN_ALL));
  for (let i = chars.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    const tmp = chars[i] as string;
    chars[i] = chars[j] as string;
    chars[j] = tmp;
  }
  return chars.join('');
}
