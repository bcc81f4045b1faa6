import type { Deps } from '../domain/context.ts';
import type { Seed } from './seed-file.ts';

/** What applying a seed did to one pool (one line of the start-up summary). */
export interface SeedSummary {
  userPoolId: string;
  poolName: string;
  /** e.g. `us-east-1_Example1 (example): 2 clients, 3 users (1 created), 1 group, domain example` */
  line: string;
}

/** Creates what the seed declares and the database lacks; leaves what exists alone. */
export async function applySeed(_deps: Deps, _seed: Seed): Promise<SeedSummary[]> {
  return [];
}
