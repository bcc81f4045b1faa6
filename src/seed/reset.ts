import type { Deps } from '../domain/context.ts';
import type { Seed } from './seed-file.ts';
import type { SeedSummary } from './apply.ts';

/**
 * `POST /_userpool/reset[?userPoolId=]`, `startUserpool().reset(poolId?)`: deletes every pool's
 * data (or one pool's), then applies the seed again.
 */
export async function resetData(_deps: Deps, _seed: Seed | undefined, _userPoolId?: string): Promise<SeedSummary[]> {
  throw new Error('reset is not built yet');
}
