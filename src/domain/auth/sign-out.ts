/** Signing a user out everywhere: GlobalSignOut (access token) and AdminUserGlobalSignOut (Username). */
import type { Deps } from '../context.ts';
import type { PoolRecord } from '../../storage/ports/index.ts';
import { verifyAccessToken } from '../tokens/verify.ts';
import { requireUser } from '../users/resolve.ts';
import { signOutEverywhere } from './refresh.ts';

/** GlobalSignOut: the signed-in user's refresh tokens, and every access token minted from one, stop working. */
export async function signOutCaller(deps: Deps, accessToken: string): Promise<void> {
  await signOutEverywhere(deps, (await verifyAccessToken(deps, accessToken)).user);
}

/** AdminUserGlobalSignOut: the same for a user named by Username, sub or alias. */
export async function signOutUser(deps: Deps, pool: PoolRecord, username: string): Promise<void> {
  await signOutEverywhere(deps, await requireUser(deps.store, pool, username));
}
