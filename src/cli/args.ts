/**
 * Command-line flags, parsed strictly (node:util parseArgs): an unknown flag, a flag without its
 * value or a stray argument is a UsageError naming it, with the closest valid flag.
 */
import { parseArgs } from 'node:util';
import { closest } from '../config/suggest.ts';

export class UsageError extends Error {}

export type FlagSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parseFlags(command: string, args: string[], flags: FlagSpec, maxPositionals: number): Parsed {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...flags, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true });
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      const given = /'([^']+)'/.exec(e.message)?.[1] ?? '';
      const name = given.replace(/^-+/, '').split('=')[0] ?? '';
      const near = closest(name, Object.keys(flags));
      throw new UsageError(`userpool ${command}: unknown option ${given}${near ? ` (did you mean --${near}?)` : ''}`);
    }
    throw new UsageError(`userpool ${command}: ${e.message}`);
  }
  if (!parsed.values.help && parsed.positionals.length > maxPositionals) {
    throw new UsageError(`userpool ${command}: unexpected argument "${parsed.positionals[maxPositionals]}"`);
  }
  return { values: parsed.values as Parsed['values'], positionals: parsed.positionals };
}

/** The flags every command that opens the server's database takes: the same as `userpool serve`'s. */
export const DATABASE_FLAGS: FlagSpec = {
  config: { type: 'string' },
  db: { type: 'string' },
  'data-dir': { type: 'string' },
};

export const DATABASE_FLAGS_HELP = `  --db <url>          the server's database (DATABASE_URL; default sqlite:./.userpool/userpool.db)
  --data-dir <dir>    the server's data directory (USERPOOL_DATA_DIR; default ./.userpool)
  --config <file>     a JSON config file (USERPOOL_CONFIG; keys in README "Configuration")`;

/** Config overrides from --config / --db / --data-dir. */
export function databaseOverrides(values: Parsed['values']): { configFile?: string; databaseUrl?: string; dataDir?: string } {
  return {
    ...(typeof values['config'] === 'string' ? { configFile: values['config'] } : {}),
    ...(typeof values['db'] === 'string' ? { databaseUrl: values['db'] } : {}),
    ...(typeof values['data-dir'] === 'string' ? { dataDir: values['data-dir'] } : {}),
  };
}
