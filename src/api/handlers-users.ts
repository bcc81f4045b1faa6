import type { HandlerTable } from './context.ts';

/** Handlers of the users area; src/api/index.ts merges every area's table. */
export const usersHandlers: HandlerTable = {};
