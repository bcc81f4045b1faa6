// Entry of the import's parse thread: TypeScript runs through tsx (as the server itself does), and
// a worker does not inherit the main thread's loader, so it is registered here.
import { register } from 'tsx/esm/api';

register();
await import('./parse-worker.ts');
