/**
 * The import jobs' CSV files as the domain needs them: an uploaded file under the data directory
 * (`uploadPathOf`) or the operator's own file (the CLI). Implemented over the local file system in
 * src/adapters/import-files.ts.
 */
export interface ImportFiles {
  /** Whether there is a file at `path`. */
  exists(path: string): Promise<boolean>;
  /** The file's bytes from byte `start` on, a chunk at a time; ending the iteration early closes the file. */
  read(path: string, start: number): AsyncIterable<Buffer>;
  /** Deletes the file; a file that is already gone is not an error. */
  remove(path: string): Promise<void>;
}
