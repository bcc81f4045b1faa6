import type { Handler } from './context.ts';
import { importCsvHeader } from '../domain/pools/csv-header.ts';

export const getCSVHeader: Handler<'GetCSVHeader'> = async (input, ctx) => ({ UserPoolId: input.UserPoolId, CSVHeader: await importCsvHeader(ctx, input.UserPoolId) });
