import type { HandlerTable } from './context.ts';
import { createUserPoolClient } from './create-user-pool-client.ts';
import { deleteUserPoolClient } from './delete-user-pool-client.ts';
import { describeUserPoolClient } from './describe-user-pool-client.ts';
import { listUserPoolClients } from './list-user-pool-clients.ts';
import { updateUserPoolClient } from './update-user-pool-client.ts';

/** Handlers of the clients area; src/api/index.ts merges every area's table. */
export const clientsHandlers: HandlerTable = {
  CreateUserPoolClient: createUserPoolClient,
  DescribeUserPoolClient: describeUserPoolClient,
  UpdateUserPoolClient: updateUserPoolClient,
  DeleteUserPoolClient: deleteUserPoolClient,
  ListUserPoolClients: listUserPoolClients,
};
