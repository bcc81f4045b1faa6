/** The domain's `ImportFiles` over the local file system. */
import { createReadStream } from 'node:fs';
import { access, rm } from 'node:fs/promises';
import type { ImportFiles } from '../domain/import/ports.ts';

/** Large reads: a 100 MB import is read in a hundred chunks. */
const READ_CHUNK_BYTES = 1024 * 1024;

export const localImportFiles: ImportFiles = {
  exists: (path) => access(path).then(
    () => true,
    () => false,
  ),
  read: (path, start) => createReadStream(path, { start, highWaterMark: READ_CHUNK_BYTES }) as AsyncIterable<Buffer>,
  remove: (path) => rm(path, { force: true }),
};
