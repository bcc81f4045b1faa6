import type { HandlerTable } from './context.ts';

/** Handlers of the clients area; src/api/index.ts merges every area's table. */
export const clientsHandlers: HandlerTable = {};
