import type { FastifyInstance } from 'fastify';
import type { Deps } from '../domain/context.ts';
import { registerWellKnown } from './oauth/well-known.ts';
import { registerOAuth } from './oauth/routes.ts';
import { registerOutbox } from './dev-routes/outbox.ts';
import { registerImportUpload } from './dev-routes/import-upload.ts';
import { registerUiImages } from './dev-routes/ui-images.ts';

/** Non-API route groups (OIDC discovery, JWKS, OAuth endpoints and hosted pages, outbox, uploads), each registered with the app (the reset route comes from src/server.ts, which holds the seed). */
export const routes: Array<(app: FastifyInstance, deps: Deps) => void> = [
  registerWellKnown,
  registerOAuth,
  registerOutbox,
  registerImportUpload,
  registerUiImages,
];
