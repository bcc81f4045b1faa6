// The listing (list-user-import-jobs.ts) reads jobs the way the other import operations do.
export { expireIfDue, jobView } from '../domain/import/job-lookup.ts';
