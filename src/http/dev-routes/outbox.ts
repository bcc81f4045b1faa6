/**
 * The development outbox: `GET /_userpool/messages?userPoolId=…[&username=…][&limit=…]` lists the
 * messages the server rendered (invitations, codes), newest first, as JSON
 * `[{channel, destination, kind, code, subject, body, createdAt}]` (`createdAt` in epoch
 * seconds). `username` may be the Username or any sign-in alias (an email in
 * email-as-username pools). Only served when `config.outboxEndpoint` is on (`USERPOOL_OUTBOX`;
 * default on in SigV4 `accept` mode); otherwise 404.
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { resolveUser } from '../../domain/users/resolve.ts';

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

export function registerOutbox(app: FastifyInstance, deps: Deps): void {
  app.get('/_userpool/messages', async (req, reply) => {
    if (!deps.config.outboxEndpoint) return reply.code(404).send({ message: 'Not found' });
    const q = req.query as Record<string, unknown>;
    const poolId = typeof q['userPoolId'] === 'string' ? q['userPoolId'] : '';
    if (poolId === '') return reply.code(400).send({ message: 'userPoolId is required' });
    const limitRaw = typeof q['limit'] === 'string' ? Number(q['limit']) : DEFAULT_LIMIT;
    if (!Number.isInteger(limitRaw) || limitRaw < 1) return reply.code(400).send({ message: `limit must be an integer 1–${MAX_LIMIT}` });
    const pool = await deps.store.pools.findPool(poolId);
    if (!pool) return reply.code(404).send({ message: `User pool ${poolId} does not exist.` });
    let username: string | undefined;
    if (typeof q['username'] === 'string' && q['username'] !== '') {
      const user = await resolveUser(deps.store, pool, q['username']);
      username = user?.username ?? q['username'];
    }
    const messages = await deps.store.messages.listMessages(pool.id, username, Math.min(limitRaw, MAX_LIMIT));
    return reply.header('cache-control', 'no-store').send(
      messages.map((m) => ({
        channel: m.channel,
        destination: m.destination,
        kind: m.kind,
        code: m.code,
        subject: m.subject,
        body: m.body,
        createdAt: m.createdAt / 1000,
      })),
    );
  });
}
