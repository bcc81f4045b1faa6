/**
 * A seed file (`--seed <file>`, `USERPOOL_SEED`, `startUserpool({ seed })`): the user pools, app
 * clients, users, groups, domains and resource servers a server is started with, each entry in the
 * shape of the Cognito API input that creates it. Parsed and checked here; applied by apply.ts.
 */
import { readFileSync } from 'node:fs';

export interface Seed {
  /** Where the seed came from (a file path, or `startUserpool({ seed })`), for messages. */
  readonly source: string;
  readonly document: unknown;
}

/** Parses a seed document already read (JSON value); throws an Error naming the entry's path. */
export function parseSeed(document: unknown, source: string): Seed {
  return { source, document };
}

/** Reads and parses a seed file; throws an Error naming the file (and the entry's path). */
export function loadSeedFile(path: string): Seed {
  return parseSeed(JSON.parse(readFileSync(path, 'utf8')) as unknown, path);
}
