/** Token lifetimes from an app client's settings (spec/auth.md §D.4). */
import type { ClientRecord } from '../../storage/ports/index.ts';

type Unit = 'seconds' | 'minutes' | 'hours' | 'days';
const SECONDS: Record<Unit, number> = { seconds: 1, minutes: 60, hours: 3600, days: 86400 };

function seconds(value: unknown, unit: unknown, defaultUnit: Unit, fallbackSeconds: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) return fallbackSeconds;
  const u: Unit = typeof unit === 'string' && unit in SECONDS ? (unit as Unit) : defaultUnit;
  return Math.round(value * SECONDS[u]);
}

export interface TokenValidity {
  /** Seconds. */
  accessToken: number;
  idToken: number;
  refreshToken: number;
  /** Challenge-session lifetime in seconds (AuthSessionValidity, minutes, default 3). */
  authSession: number;
}

export function tokenValidityOf(client: ClientRecord): TokenValidity {
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
