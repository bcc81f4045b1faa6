/**
 * ListUsers (spec/semantics.md §3): one indexed query per page, keyset-paged (users added or
 * removed between pages never repeat or skip rows that existed throughout). The token is MAC'd
 * to this operation, pool and filter text and expires after an hour.
 */
import type { Deps } from '../context.ts';
import { CognitoError } from '../errors.ts';
import { page, pageLimit, type Page } from '../paging.ts';
import type { UserType } from '../../generated/shapes.ts';
import type { PoolRecord } from '../../storage/ports/index.ts';
import { schemaAttributeOf } from './attributes.ts';
import { parseUserFilter } from './filter.ts';
import { cursorAfter, listFilterOf, USER_CURSOR } from './list-query.ts';
import { toUserType } from './user-type.ts';

const MAX_LIMIT = 60;

export interface ListUsersRequest {
  filter: string | undefined;
  attributesToGet: string[] | undefined;
  limit: number | undefined;
  token: string | undefined;
}

/** AttributesToGet as stored names; an attribute the pool does not have → InvalidParameterException. */
function attributesToGet(pool: PoolRecord, names: string[] | undefined): string[] | undefined {
  if (names === undefined || names.length === 0) return undefined;
  return names.map((name) => {
    if (name === 'sub') return name;
    const attr = schemaAttributeOf(pool, name);
    if (!attr) throw new CognitoError('InvalidParameterException', `Invalid attributes to get: ${name} does not exist in the schema.`);
    return attr.Name;
  });
}

export async function listUsers(deps: Deps, pool: PoolRecord, request: ListUsersRequest): Promise<Page<UserType>> {
  const filter = listFilterOf(pool, parseUserFilter(request.filter));
  const names = attributesToGet(pool, request.attributesToGet);
  const users = await page(deps, {
    scope: `ListUsers|${pool.id}|${request.filter ?? ''}`,
    token: request.token,
    limit: pageLimit(request.limit, MAX_LIMIT),
    codec: USER_CURSOR,
    fetch: async (after, limit) => {
      if (filter === 'none') return [];
      return deps.store.users.listUserListings(pool.id, { ...filter, limit, ...(after !== undefined ? { after } : {}) });
    },
    cursorOf: (user) => cursorAfter(user, filter === 'none' ? undefined : filter?.column),
  });
  return { ...users, items: users.items.map((u) => toUserType(u, names)) };
}
