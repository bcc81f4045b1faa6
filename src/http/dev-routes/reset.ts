/**
 * `POST /_userpool/reset` deletes every user pool with everything in it; `?userPoolId=…` one pool
 * (src/domain/housekeeping/reset.ts), then applies the server's seed again — between tests, as
 * moto's reset endpoint is used. Answers `{deletedUserPoolIds, seeded}`. Served where the outbox is (`config.outboxEndpoint`), otherwise 404;
 * pages of other origins are refused by the CORS rule for `/_userpool/*` (src/http/edge/cors.ts),
 * so a foreign web page cannot wipe a developer's server.
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { CognitoError } from '../../domain/errors.ts';

export function registerReset(app: FastifyInstance, deps: Deps, reset: (userPoolId?: string) => Promise<{ deletedUserPoolIds: string[]; seeded: Array<{ line: string }> }>): void {
  app.post('/_userpool/reset', async (req, reply) => {
    if (!deps.config.outboxEndpoint) return reply.code(404).send({ message: 'Not found' });
    const q = req.query as Record<string, unknown>;
    const poolId = typeof q['userPoolId'] === 'string' && q['userPoolId'] !== '' ? q['userPoolId'] : undefined;
    try {
      const { deletedUserPoolIds, seeded } = await reset(poolId);
      return reply.header('cache-control', 'no-store').send({ deletedUserPoolIds, seeded: seeded.map((s) => s.line) });
    } catch (err) {
      if (err instanceof CognitoError && err.type === 'ResourceNotFoundException') return reply.code(404).send({ message: err.message });
      throw err;
    }
  });
}
