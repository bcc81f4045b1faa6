import type { HandlerTable } from './context.ts';
import { addCustomAttributes } from './add-custom-attributes.ts';
import { createUserPool } from './create-user-pool.ts';
import { deleteUserPool } from './delete-user-pool.ts';
import { describeUserPool } from './describe-user-pool.ts';
import { getCSVHeader } from './get-csv-header.ts';
import { listTagsForResource } from './list-tags-for-resource.ts';
import { listUserPools } from './list-user-pools.ts';
import { tagResource } from './tag-resource.ts';
import { untagResource } from './untag-resource.ts';
import { updateUserPool } from './update-user-pool.ts';

/** Handlers of the user-pool area (pools, custom attributes, CSV header, tags); src/api/index.ts merges every area's table. */
export const poolsHandlers: HandlerTable = {
  CreateUserPool: createUserPool,
  DescribeUserPool: describeUserPool,
  UpdateUserPool: updateUserPool,
  DeleteUserPool: deleteUserPool,
  ListUserPools: listUserPools,
  AddCustomAttributes: addCustomAttributes,
  GetCSVHeader: getCSVHeader,
  TagResource: tagResource,
  UntagResource: untagResource,
  ListTagsForResource: listTagsForResource,
};
