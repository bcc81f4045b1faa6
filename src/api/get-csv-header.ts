import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { csvHeaderOf } from '../domain/import/header.ts';

/** The header row a user import CSV must have for this pool (the same columns the import job parser expects). */
export const getCSVHeader: Handler<'GetCSVHeader'> = async (input, ctx) => {
  const pool = await requirePool(ctx, input.UserPoolId);
  return { UserPoolId: pool.id, CSVHeader: csvHeaderOf(pool) };
};
