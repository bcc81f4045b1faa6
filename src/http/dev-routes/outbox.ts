/**
 * The development outbox: `GET /_userpool/messages[?userPoolId=…[&username=…]][&limit=…]` lists the
 * messages the server rendered (invitations, codes), newest first, of one pool or of every pool,
 * as JSON `[{channel, destination, kind, code, subject, body, createdAt, userPoolId, username}]`
 * (`createdAt` in epoch seconds). `GET /_userpool/code?userPoolId=…&username=…` answers the
 * newest code sent to a user, `{code, kind, channel, createdAt}`. `username` may be the Username
 * or any sign-in alias (an email in email-as-username pools). Only served when
 * `config.outboxEndpoint` is on (`USERPOOL_OUTBOX`; default on in SigV4 `accept` mode); otherwise 404.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { resolveUser } from '../../domain/users/resolve.ts';
import type { MessageRecord } from '../../storage/ports/index.ts';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

/** How many messages are searched for a user's newest code (codes are among the newest few). */
const CODE_SEARCH = 50;

type Query = Record<string, unknown>;
const text = (q: Query, name: string): string => (typeof q[name] === 'string' ? (q[name] as string) : '');

function notFound(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(404).send({ message });
}

/** The Username of `username` (or of the alias it is) in the pool; the name as given when no user has it (deleted users' messages stay listed). */
async function usernameIn(deps: Deps, poolId: string, username: string): Promise<string | undefined> {
  const pool = await deps.store.pools.findPool(poolId);
  if (!pool) return undefined;
  return (await resolveUser(deps.store, pool, username))?.username ?? username;
}

const view = (m: MessageRecord) => ({
  channel: m.channel,
  destination: m.destination,
  kind: m.kind,
  code: m.code,
  subject: m.subject,
  body: m.body,
  createdAt: m.createdAt / 1000,
  userPoolId: m.poolId,
  username: m.username,
});

export function registerOutbox(app: FastifyInstance, deps: Deps): void {
  app.get('/_userpool/messages', async (req, reply) => {
    if (!deps.config.outboxEndpoint) return notFound(reply, 'Not found');
    const q = req.query as Query;
    const poolId = text(q, 'userPoolId');
    const limitRaw = typeof q['limit'] === 'string' ? Number(q['limit']) : DEFAULT_LIMIT;
    if (!Number.isInteger(limitRaw) || limitRaw < 1) return reply.code(400).send({ message: `limit must be an integer 1–${MAX_LIMIT}` });
    if (poolId === '' && text(q, 'username') !== '') return reply.code(400).send({ message: 'username needs userPoolId' });
    let username: string | undefined;
    if (poolId !== '') {
      const named = text(q, 'username');
      if (named === '') {
        if (!(await deps.store.pools.findPool(poolId))) return notFound(reply, `User pool ${poolId} does not exist.`);
      } else {
        username = await usernameIn(deps, poolId, named);
        if (username === undefined) return notFound(reply, `User pool ${poolId} does not exist.`);
      }
    }
    const messages = await deps.store.messages.listMessages(poolId === '' ? undefined : poolId, username, Math.min(limitRaw, MAX_LIMIT));
    return reply.header('cache-control', 'no-store').send(messages.map(view));
  });

  app.get('/_userpool/code', async (req, reply) => {
    if (!deps.config.outboxEndpoint) return notFound(reply, 'Not found');
    const q = req.query as Query;
    const poolId = text(q, 'userPoolId');
    const named = text(q, 'username');
    if (poolId === '' || named === '') return reply.code(400).send({ message: 'userPoolId and username are required' });
    const username = await usernameIn(deps, poolId, named);
    if (username === undefined) return notFound(reply, `User pool ${poolId} does not exist.`);
    const newest = (await deps.store.messages.listMessages(poolId, username, CODE_SEARCH)).find((m) => m.code !== null);
    if (!newest) return notFound(reply, `No code has been sent to ${named} in ${poolId}.`);
    return reply.header('cache-control', 'no-store').send({ code: newest.code, kind: newest.kind, channel: newest.channel, createdAt: newest.createdAt / 1000 });
  });
}
