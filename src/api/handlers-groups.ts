import type { HandlerTable } from './context.ts';

/** Handlers of the groups area; src/api/index.ts merges every area's table. */
export const groupsHandlers: HandlerTable = {};
