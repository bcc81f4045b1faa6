/**
 * The import's parse thread (see batches.ts `workerBatches`): reads and checks the file's rows and
 * posts them in batches, producing a batch only when the main thread has asked for one.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readBatches, type BatchSource, type WorkerCredit, type WorkerMessage } from './batches.ts';

const port = parentPort;
if (!port) throw new Error('parse-worker.ts runs as a worker thread');

const credits: WorkerCredit[] = [];
let waiting: (() => void) | undefined;
port.on('message', (m: WorkerCredit) => {
  credits.push(m);
  waiting?.();
  waiting = undefined;
});
async function nextCredit(): Promise<WorkerCredit> {
  while (credits.length === 0) await new Promise<void>((resolve) => (waiting = resolve));
  return credits.shift()!;
}

let now = (await nextCredit()).now;
try {
  for await (const batch of readBatches(workerData as BatchSource, () => now)) {
    port.postMessage({ type: 'batch', batch } satisfies WorkerMessage);
    if (batch.last) break;
    now = (await nextCredit()).now;
  }
} catch (err) {
  port.postMessage({ type: 'failed', message: err instanceof Error ? err.message : String(err) } satisfies WorkerMessage);
}
port.close();
