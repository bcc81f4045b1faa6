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

/** The per-process purge timer (unref'd: it never keeps the process alive); returns its stop function. */
export function startPurgeJob(deps: Deps, onError: (err: unknown) => void): () => void {
  const timer = setInterval(() => void purgeExpiredState(deps).catch(onError), deps.config.purgeIntervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
