import { loadConfig } from './config/config.ts';
import { startServer } from './server.ts';

const server = await startServer(loadConfig());
server.app.log.info({ url: server.url, database: server.deps.store.dialect, sigv4: server.deps.config.signatureMode }, 'userpool listening');

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.app.log.info({ signal }, 'shutting down: finishing in-flight requests');
    server.close().then(
      () => process.exit(0),
      (err: unknown) => {
        server.app.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
