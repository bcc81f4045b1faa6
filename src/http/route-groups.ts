import type { FastifyInstance } from 'fastify';
import type { Deps } from '../domain/context.ts';
import { registerWellKnown } from './oauth/well-known.ts';
import { registerOAuth } from './oauth/routes.ts';
import { registerOutbox } from './dev-routes/outbox.ts';
import { registerImportUpload } from './dev-routes/import-upload.ts';
import { registerUiImages } from './dev-routes/ui-images.ts';
import { registerReset } from './dev-routes/reset.ts';

/** Non-API route groups (OIDC discovery, JWKS, OAuth endpoints and hosted pages, outbox, reset, uploads), each registered with the app. */
export const routes: Array<(app: FastifyInstance, deps: Deps) => void> = [
  registerWellKnown,
  registerOAuth,
  registerOutbox,
  registerReset,
  registerImportUpload,
  registerUiImages,
];
