import type { RequestContext } from '../context.ts';
import { csvHeaderOf } from '../import/header.ts';
import { requirePool } from './require-pool.ts';

/** GetCSVHeader: the header row a user import CSV must have for this pool (the columns the import job parser expects). */
export async function importCsvHeader(ctx: RequestContext, poolId: string): Promise<string[]> {
  return csvHeaderOf(await requirePool(ctx.deps.store, poolId));
}
