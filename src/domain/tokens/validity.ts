/**
 * Token lifetimes from an app client's settings (spec/auth.md §D.4): the one place that reads
 * AccessTokenValidity / IdTokenValidity / RefreshTokenValidity / TokenValidityUnits /
 * AuthSessionValidity. Absent values mean AWS's defaults: access and ID tokens one hour, refresh
 * tokens 30 days, challenge sessions 3 minutes.
 */
import type { TimeUnitsType } from '../../generated/shapes.ts';
import type { ClientRecord } from '../../storage/ports/index.ts';

export const UNIT_SECONDS: Record<TimeUnitsType, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

function seconds(value: unknown, unit: unknown, defaultUnit: TimeUnitsType, fallbackSeconds: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return fallbackSeconds;
  const u: TimeUnitsType = typeof unit === 'string' && unit in UNIT_SECONDS ? (unit as TimeUnitsType) : defaultUnit;
  return Math.round(value * UNIT_SECONDS[u]);
}

export interface TokenValidity {
  /** Seconds. */
  accessToken: number;
  idToken: number;
  refreshToken: number;
  /** Challenge-session lifetime in seconds (AuthSessionValidity, minutes, default 3). */
  authSession: number;
}

export function tokenValidityOf(client: Pick<ClientRecord, 'config'>): TokenValidity {
  const c = client.config;
  const units = (c['TokenValidityUnits'] ?? {}) as Record<string, unknown>;
  const session = c['AuthSessionValidity'];
  return {
    accessToken: seconds(c['AccessTokenValidity'], units['AccessToken'], 'hours', 3600),
    idToken: seconds(c['IdTokenValidity'], units['IdToken'], 'hours', 3600),
    refreshToken: seconds(c['RefreshTokenValidity'], units['RefreshToken'], 'days', 30 * 86400),
    authSession: typeof session === 'number' && session >= 3 && session <= 15 ? session * 60 : 180,
  };
}
