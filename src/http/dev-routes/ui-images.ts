/**
 * Hosted UI (classic) logos set with SetUICustomization, at the ImageUrl the API returns:
 * `GET /_userpool/ui/<pool id>/<client id or ALL>/<CSSVersion>/assets/images/image.<png|jpg>`.
 * Public, like AWS's CloudFront asset URLs; a version that is no longer current is 404.
 */
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../domain/context.ts';
import { imagePath } from '../../domain/pool-settings/ui-customization.ts';

export function registerUiImages(app: FastifyInstance, deps: Deps): void {
  app.get('/_userpool/ui/:poolId/:clientId/:version/assets/images/:file', async (req, reply) => {
    const p = req.params as { poolId: string; clientId: string; version: string; file: string };
    const found = await deps.store.settings.findUiCustomization(p.poolId, p.clientId);
    const path = found ? imagePath(found) : undefined;
    const requested = `/_userpool/ui/${encodeURIComponent(p.poolId)}/${encodeURIComponent(p.clientId)}/${p.version}/assets/images/${p.file}`;
    if (!found || path === undefined || path !== requested || found.imageData === null || found.imageType === null) {
      return reply.code(404).header('content-type', 'application/json').send(JSON.stringify({ message: 'Not found' }));
    }
    return reply
      .header('content-type', found.imageType)
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('etag', `"${found.imageSha256 ?? ''}"`)
      .send(Buffer.from(found.imageData, 'base64'));
  });
}
