/**
 * A running server notices when its database was re-sealed under another master key
 * (`userpool rotate-master-key` while it ran): it logs an error every 30 s and `/health` answers
 * 503 with the reason, so a load balancer takes the node out instead of it failing every sign-in.
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { masterKeyFingerprint } from '../../domain/crypto/master-key.ts';

const LOG_EVERY_MS = 30_000;
const HEALTH_CACHE_MS = 5_000;

/** Returns the current problem (undefined when the key matches), checked at most every 5 s. */
export function watchMasterKey(app: FastifyInstance, deps: Deps): () => Promise<string | undefined> {
  const mine = masterKeyFingerprint(deps.masterKey);
  let problem: string | undefined;
  let checkedAt = 0;
  const check = async (): Promise<string | undefined> => {
    if (Date.now() - checkedAt < HEALTH_CACHE_MS) return problem;
    checkedAt = Date.now();
    try {
      const recorded = await deps.store.settings.masterKeyFingerprint();
      problem = recorded !== undefined && recorded !== mine
        ? `The database is now sealed with another master key (fingerprint ${recorded}; this server's is ${mine}), e.g. by userpool rotate-master-key: restart this server with the new key.`
        : undefined;
    } catch {
      // The database is unreachable: not a key problem; requests will say so themselves.
    }
    return problem;
  };
  let timer: NodeJS.Timeout | undefined;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      void check().then((p) => p !== undefined && app.log.error(p));
    }, LOG_EVERY_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => clearInterval(timer));
  return check;
}
