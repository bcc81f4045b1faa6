import type { HandlerTable } from './context.ts';
import { authHandlers } from './handlers-auth.ts';
import { clientsHandlers } from './handlers-clients.ts';
import { configHandlers } from './handlers-config.ts';
import { groupsHandlers } from './handlers-groups.ts';
import { importHandlers } from './handlers-import.ts';
import { mfaHandlers } from './handlers-mfa.ts';
import { oauthHandlers } from './handlers-oauth.ts';
import { poolsHandlers } from './handlers-pools.ts';
import { usersHandlers } from './handlers-users.ts';

/** Operation name → handler. An operation missing here answers UnsupportedOperationException. */
export const handlers: HandlerTable = {
  ...poolsHandlers,
  ...clientsHandlers,
  ...usersHandlers,
  ...groupsHandlers,
  ...authHandlers,
  ...importHandlers,
  ...mfaHandlers,
  ...configHandlers,
  ...oauthHandlers,
};
