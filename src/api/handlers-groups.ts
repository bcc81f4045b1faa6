import type { HandlerTable } from './context.ts';
import { createGroup } from './create-group.ts';
import { deleteGroup } from './delete-group.ts';
import { getGroup } from './get-group.ts';
import { listGroups } from './list-groups.ts';
import { updateGroup } from './update-group.ts';

/** Handlers of the groups area; src/api/index.ts merges every area's table. */
export const groupsHandlers: HandlerTable = {
  CreateGroup: createGroup,
  GetGroup: getGroup,
  UpdateGroup: updateGroup,
  DeleteGroup: deleteGroup,
  ListGroups: listGroups,
};
