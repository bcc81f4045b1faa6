import type { HandlerTable } from './context.ts';

/** Handlers of the auth area; src/api/index.ts merges every area's table. */
export const authHandlers: HandlerTable = {};
