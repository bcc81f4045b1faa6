/**
 * Reading the development outbox (the messages the server rendered): for `GET /_userpool/messages`,
 * `GET /_userpool/code` and `startUserpool().messages()/lastCode()`. A user may be named by Username
 * or by any sign-in alias; a name no user has still finds the messages stored under it (a deleted
 * user's, say).
 */
import type { Deps } from '../context.ts';
import { CognitoError } from '../errors.ts';
import { resolveUser } from '../users/resolve.ts';
import type { MessageRecord } from '../../storage/ports/index.ts';

/** How many of a user's newest messages are searched for a code (codes are among the newest few). */
const CODE_SEARCH = 50;

/** Messages newest first: of every pool, of one pool, or of one user of a pool (ResourceNotFoundException for an unknown pool). */
export async function listOutbox(deps: Deps, query: { userPoolId?: string | undefined; username?: string | undefined; limit: number }): Promise<MessageRecord[]> {
  if (query.userPoolId === undefined) return deps.store.messages.listMessages(undefined, undefined, query.limit);
  const username = query.username === undefined ? undefined : await storedUsername(deps, query.userPoolId, query.username);
  if (username === undefined) await requireOutboxPool(deps, query.userPoolId);
  return deps.store.messages.listMessages(query.userPoolId, username, query.limit);
}

/** The newest message with a code sent to the user, or undefined. */
export async function newestCode(deps: Deps, userPoolId: string, username: string): Promise<MessageRecord | undefined> {
  const stored = await storedUsername(deps, userPoolId, username);
  return (await deps.store.messages.listMessages(userPoolId, stored, CODE_SEARCH)).find((m) => m.code !== null);
}

async function storedUsername(deps: Deps, userPoolId: string, username: string): Promise<string> {
  const pool = await requireOutboxPool(deps, userPoolId);
  return (await resolveUser(deps.store, pool, username))?.username ?? username;
}

async function requireOutboxPool(deps: Deps, userPoolId: string) {
  const pool = await deps.store.pools.findPool(userPoolId);
  if (!pool) throw new CognitoError('ResourceNotFoundException', `User pool ${userPoolId} does not exist.`);
  return pool;
}
