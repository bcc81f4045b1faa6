/** Random opaque strings handed to clients (challenge sessions, refresh tokens). */
import { randomBytes } from 'node:crypto';

/**
 * `bytes` random bytes as unpadded base64url that never starts with `-` or `_`. Command-line
 * clients read a value starting with `-` as an option (the AWS CLI's `--session -Ab…` fails with
 * "expected one argument"); AWS's own sessions and tokens never start that way. Redrawing keeps the
 * token uniform over the allowed strings; it is needed for about 1 draw in 32.
 */
export function opaqueToken(bytes: number): string {
  for (;;) {
    const token = randomBytes(bytes).toString('base64url');
    if (token[0] !== '-' && token[0] !== '_') return token;
  }
}
