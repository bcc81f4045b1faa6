/**
 * Housekeeping: expired codes, sign-in sessions, OAuth codes and hosted sessions, long-expired
 * refresh tokens, expired attempt counters, and outbox messages past their retention are deleted on a schedule, so
 * unauthenticated traffic (sign-up spam, abandoned sign-ins) cannot grow the database without bound.
 * Each statement is a plain DELETE by time: several nodes purging at once on PostgreSQL is harmless.
 */
import type { Deps } from '../context.ts';

/** Refresh tokens stay a day past expiry, so a late caller still gets "expired" rather than "invalid". */
const REFRESH_TOKEN_AFTERLIFE_MS = 24 * 3600 * 1000;

/** Attempt counters' windows are at most an hour long: a day-old window has long expired. */
const COUNTER_AFTERLIFE_MS = 24 * 3600 * 1000;

/** One purge pass as of `now` (the injectable clock by default). */
export async function purgeExpiredState(deps: Deps, now = deps.now()): Promise<void> {
  await deps.store.auth.purgeExpiredCodes(now);
  await deps.store.auth.purgeExpiredAuthState(now, now - REFRESH_TOKEN_AFTERLIFE_MS);
  await deps.store.oauth.purgeExpiredOAuthState(now);
  await deps.store.messages.purgeMessages(now - deps.config.outboxRetentionMs);
  await deps.store.auth.purgeAttemptCounters(now - COUNTER_AFTERLIFE_MS);
}

// Per server (keyed by its Deps) and per kind of state: when the request path last purged it.
const lastRequestPathPurge = new WeakMap<Deps, Map<string, number>>();

/** Runs `purge` as of now unless this server ran the `kind` purge less than a minute ago. */
async function atMostOnceAMinute(deps: Deps, kind: string, purge: (now: number) => Promise<void>): Promise<void> {
  const now = deps.now();
  let last = lastRequestPathPurge.get(deps);
  if (last === undefined) lastRequestPathPurge.set(deps, (last = new Map()));
  if (now - (last.get(kind) ?? 0) < 60_000) return;
  last.set(kind, now);
  await purge(now);
}

/** Sign-in sessions and long-dead refresh tokens, dropped now and then as sign-ins start (between scheduled passes). */
export function purgeAuthStateNowAndThen(deps: Deps): Promise<void> {
  return atMostOnceAMinute(deps, 'auth', (now) => deps.store.auth.purgeExpiredAuthState(now, now - REFRESH_TOKEN_AFTERLIFE_MS));
}

/** Expired OAuth codes and hosted sessions, dropped now and then as codes are issued (between scheduled passes). */
export function purgeOAuthStateNowAndThen(deps: Deps): Promise<void> {
  return atMostOnceAMinute(deps, 'oauth', (now) => deps.store.oauth.purgeExpiredOAuthState(now));
}

/** The per-process purge timer (unref'd: it never keeps the process alive); returns its stop function. */
export function startPurgeJob(deps: Deps, onError: (err: unknown) => void): () => void {
  const timer = setInterval(() => void purgeExpiredState(deps).catch(onError), deps.config.purgeIntervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
