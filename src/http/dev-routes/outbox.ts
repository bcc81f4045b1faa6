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
import { CognitoError } from '../../domain/errors.ts';
import { listOutbox, newestCode } from '../../domain/messaging/outbox.ts';
import type { MessageRecord } from '../../storage/ports/index.ts';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

type Query = Record<string, unknown>;
const text = (q: Query, name: string): string => (typeof q[name] === 'string' ? (q[name] as string) : '');

/** The outbox's unknown pool is a 404 with AWS's message; anything else is the app's error handler's. */
async function answer(reply: FastifyReply, work: () => Promise<unknown>): Promise<FastifyReply> {
  try {
    return reply.header('cache-control', 'no-store').send(await work());
  } catch (err) {
    if (err instanceof CognitoError && err.type === 'ResourceNotFoundException') return reply.code(404).send({ message: err.message });
    throw err;
  }
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
    if (!deps.config.outboxEndpoint) return reply.code(404).send({ message: 'Not found' });
    const q = req.query as Query;
    const limit = typeof q['limit'] === 'string' ? Number(q['limit']) : DEFAULT_LIMIT;
    if (!Number.isInteger(limit) || limit < 1) return reply.code(400).send({ message: `limit must be an integer 1–${MAX_LIMIT}` });
    const userPoolId = text(q, 'userPoolId') || undefined;
    const username = text(q, 'username') || undefined;
    if (userPoolId === undefined && username !== undefined) return reply.code(400).send({ message: 'username needs userPoolId' });
    return answer(reply, async () => (await listOutbox(deps, { userPoolId, username, limit: Math.min(limit, MAX_LIMIT) })).map(view));
  });

  app.get('/_userpool/code', async (req, reply) => {
    if (!deps.config.outboxEndpoint) return reply.code(404).send({ message: 'Not found' });
    const q = req.query as Query;
    const userPoolId = text(q, 'userPoolId');
    const username = text(q, 'username');
    if (userPoolId === '' || username === '') return reply.code(400).send({ message: 'userPoolId and username are required' });
    return answer(reply, async () => {
      const newest = await newestCode(deps, userPoolId, username);
      if (newest !== undefined) return { code: newest.code, kind: newest.kind, channel: newest.channel, createdAt: newest.createdAt / 1000 };
      reply.code(404);
      return { message: `No code has been sent to ${username} in ${userPoolId}.` };
    });
  });
}
