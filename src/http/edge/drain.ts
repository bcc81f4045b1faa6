import type { IncomingMessage } from 'node:http';

/** Reads what is left of a request body, discarding it. */
export function drain(raw: IncomingMessage): Promise<void> {
  if (raw.complete || raw.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    raw.on('end', resolve).on('close', resolve).on('error', () => resolve());
    raw.on('data', () => {});
    raw.resume();
  });
}
