/**
 * `userpool seed export --pool <id> [--out <file>]`: the pool as a seed file (src/seed/export.ts),
 * on standard output or in a file; what a seed cannot carry is listed on standard error.
 */
import { writeFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Config } from '../config/config.ts';
import { publicUrlOf } from '../config/config.ts';
import { checkDatabaseKey, loadMasterKey } from '../adapters/master-key-file.ts';
import { openDatabase } from '../storage/sql/database.ts';
import { depsFor } from '../server.ts';
import { exportSeed } from '../seed/export.ts';

export interface SeedExportCommand {
  config: Config;
  poolId: string;
  /** A file path, or undefined for standard output. */
  outFile: string | undefined;
  out: Writable;
  err: Writable;
}

export async function seedExportCommand(cmd: SeedExportCommand): Promise<number> {
  const { config } = cmd;
  // The database first: a missing one is an error, never a new database with a new key file.
  const database = await openDatabase(config.databaseUrl, { mustExist: true });
  try {
    const masterKey = loadMasterKey(config);
    await checkDatabaseKey(database.db, masterKey, config);
    const deps = depsFor(config, database, masterKey, () => publicUrlOf(config, config.port));
    let exported;
    try {
      exported = await exportSeed(deps, cmd.poolId);
    } catch (err) {
      if ((err as { type?: string }).type === 'ResourceNotFoundException') {
        cmd.err.write(`userpool seed export: ${(err as Error).message}\n`);
        return 1;
      }
      throw err;
    }
    const text = `${JSON.stringify(exported.document, null, 2)}\n`;
    if (cmd.outFile !== undefined) writeFileSync(cmd.outFile, text, { mode: 0o600 });
    else cmd.out.write(text);
    for (const note of exported.notes) cmd.err.write(`note: ${note}\n`);
    cmd.err.write(`exported pool ${cmd.poolId}${cmd.outFile !== undefined ? ` to ${cmd.outFile}` : ''}\n`);
    return 0;
  } finally {
    await database.close();
  }
}
