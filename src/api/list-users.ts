import type { Handler } from './context.ts';
import { requirePool } from './lookups.ts';
import { CognitoError } from '../domain/errors.ts';
import { decodePageToken, encodePageToken, INVALID_PAGE_TOKEN_MESSAGE } from '../domain/paging.ts';
import { schemaAttributeOf } from '../domain/users/attributes.ts';
import { parseUserFilter } from '../domain/users/filter.ts';
import { cursorAfter, listFilterOf } from '../domain/users/list-query.ts';
import { toUserType } from '../domain/users/user-type.ts';
import type { PoolRecord, UserQuery } from '../storage/ports/index.ts';

const MAX_LIMIT = 60;

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

/**
 * ListUsers (spec/semantics.md §3): one indexed query per page, keyset-paged (users added or
 * removed between pages never repeat or skip rows that existed throughout). The token is MAC'd
 * to this operation, pool and filter text and expires after an hour.
 */
export const listUsers: Handler<'ListUsers'> = async (input, ctx) => {
  const { store, now, tokenKey } = ctx.deps;
  const pool = await requirePool(ctx, input.UserPoolId);
  const filter = listFilterOf(pool, parseUserFilter(input.Filter));
  const names = attributesToGet(pool, input.AttributesToGet);
  const limit = input.Limit === undefined || input.Limit === 0 ? MAX_LIMIT : input.Limit;
  const scope = `ListUsers|${pool.id}|${input.Filter ?? ''}`;
  let after: UserQuery['after'];
  if (input.PaginationToken !== undefined) {
    const cursor = decodePageToken(tokenKey, scope, input.PaginationToken, now());
    const seq = cursor['s'];
    if (typeof seq !== 'number') throw new CognitoError('InvalidParameterException', INVALID_PAGE_TOKEN_MESSAGE);
    after = cursor['v'] === undefined ? { seq } : { value: cursor['v'], seq };
  }
  if (filter === 'none') return { Users: [] };
  const query: UserQuery = { ...filter, limit: limit + 1 };
  if (after !== undefined) query.after = after;
  const rows = await store.users.listUserListings(pool.id, query);
  const page = rows.slice(0, limit);
  const out: { Users: ReturnType<typeof toUserType>[]; PaginationToken?: string } = { Users: page.map((u) => toUserType(u, names)) };
  const last = page[page.length - 1];
  if (rows.length > limit && last !== undefined) {
    out.PaginationToken = encodePageToken(tokenKey, scope, cursorAfter(last, filter?.column), now());
  }
  return out;
};
