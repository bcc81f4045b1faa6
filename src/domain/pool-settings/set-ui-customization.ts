import { createHash } from 'node:crypto';
import type { RequestContext } from '../context.ts';
import { CognitoError } from '../errors.ts';
import { requireClient } from '../clients/require-client.ts';
import { poolConfigOf } from '../pools/pool-config.ts';
import { requirePool } from '../pools/require-pool.ts';
import { ALL_CLIENTS, imageTypeOf, nextCssVersion, toUICustomizationType } from './ui-customization.ts';
import type { SetUICustomizationRequest, UICustomizationType } from '../../generated/shapes.ts';
import type { UiCustomizationRecord } from '../../storage/ports/index.ts';

/**
 * SetUICustomization: the hosted UI (classic) CSS and logo of the pool (ClientId ALL or absent)
 * or of one app client. Both are replaced together; a request with neither removes the branding.
 * The pool needs a domain, as on AWS. The logo must be a PNG or JPEG; it is served at the
 * returned ImageUrl.
 */
export async function setUICustomization(ctx: RequestContext, input: SetUICustomizationRequest): Promise<UICustomizationType> {
  const { store } = ctx.deps;
  const pool = await requirePool(store, input.UserPoolId);
  const clientId = input.ClientId ?? ALL_CLIENTS;
  if (clientId !== ALL_CLIENTS) await requireClient(store, pool.id, clientId);
  const config = poolConfigOf(pool);
  if (config.Domain === undefined && config.CustomDomain === undefined) {
    throw new CognitoError('InvalidParameterException', 'There has to be an existing domain associated with this user pool');
  }
  const image = input.ImageFile !== undefined ? Buffer.from(input.ImageFile, 'base64') : undefined;
  const now = ctx.deps.now();
  if (input.CSS === undefined && (image === undefined || image.length === 0)) {
    await store.settings.deleteUiCustomization(pool.id, clientId);
    return { UserPoolId: pool.id, ClientId: clientId };
  }
  const imageType = image !== undefined && image.length > 0 ? imageTypeOf(image) : null;
  const existing = await store.settings.findUiCustomization(pool.id, clientId);
  const record: UiCustomizationRecord = {
    poolId: pool.id,
    clientId,
    css: input.CSS ?? null,
    cssVersion: nextCssVersion(now, existing?.cssVersion),
    imageData: imageType !== null && image ? image.toString('base64') : null,
    imageType,
    imageSha256: imageType !== null && image ? createHash('sha256').update(image).digest('hex') : null,
    imageSize: imageType !== null && image ? image.length : null,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  return toUICustomizationType(await store.settings.putUiCustomization(record), ctx.deps.publicUrl());
}
