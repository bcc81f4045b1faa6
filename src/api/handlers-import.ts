import type { HandlerTable } from './context.ts';
import { createUserImportJob } from './create-user-import-job.ts';
import { describeUserImportJob } from './describe-user-import-job.ts';
import { listUserImportJobs } from './list-user-import-jobs.ts';
import { startUserImportJob } from './start-user-import-job.ts';
import { stopUserImportJob } from './stop-user-import-job.ts';

/** Handlers of the user-import area (GetCSVHeader is the pools area's); src/api/index.ts merges every area's table. */
export const importHandlers: HandlerTable = {
  CreateUserImportJob: createUserImportJob,
  DescribeUserImportJob: describeUserImportJob,
  ListUserImportJobs: listUserImportJobs,
  StartUserImportJob: startUserImportJob,
  StopUserImportJob: stopUserImportJob,
};
