/**
 * Hosted UI (classic) branding (SetUICustomization / GetUICustomization): CSS and a logo per pool
 * (ClientId `ALL`, the default every app client inherits) or per app client. Set replaces both
 * (AWS: "You can't set CSS and logo customization separately"); a Set with neither removes the
 * branding. The logo is served by this server at the returned ImageUrl.
 */
import type { UICustomizationType } from '../../generated/shapes.ts';
import { CognitoError } from '../errors.ts';
import type { UiCustomizationRecord } from '../../storage/ports/index.ts';

/** The ClientId that stands for the pool's default branding. */
export const ALL_CLIENTS = 'ALL';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);

/** The logo's media type from its first bytes: PNG or JPEG, as the hosted UI accepts. */
export function imageTypeOf(bytes: Buffer): 'image/png' | 'image/jpeg' {
  if (bytes.subarray(0, PNG.length).equals(PNG)) return 'image/png';
  if (bytes.subarray(0, JPEG.length).equals(JPEG)) return 'image/jpeg';
  throw new CognitoError('InvalidParameterException', 'ImageFile must be a PNG or JPEG image.');
}

export const extensionOf = (type: string): string => (type === 'image/png' ? 'png' : 'jpg');

/** CSSVersion as AWS writes it, `yyyyMMddHHmmss`, always later than the previous version. */
export function nextCssVersion(now: number, previous: string | undefined): string {
  const v = new Date(now).toISOString().replace(/[-:T]/g, '').slice(0, 14);
  if (previous !== undefined && /^\d+$/.test(previous) && BigInt(v) <= BigInt(previous)) return (BigInt(previous) + 1n).toString();
  return v;
}

/** The path this server serves the logo at (the version in it changes with every Set). */
export function imagePath(r: UiCustomizationRecord): string | undefined {
  if (r.imageType === null) return undefined;
  return `/_userpool/ui/${encodeURIComponent(r.poolId)}/${encodeURIComponent(r.clientId)}/${r.cssVersion}/assets/images/image.${extensionOf(r.imageType)}`;
}

/** UICustomizationType of a stored branding (`publicUrl`: this server's base URL). */
export function toUICustomizationType(r: UiCustomizationRecord, publicUrl: string): UICustomizationType {
  const out: UICustomizationType = { UserPoolId: r.poolId, ClientId: r.clientId };
  const path = imagePath(r);
  if (path !== undefined) out.ImageUrl = `${publicUrl}${path}`;
  if (r.css !== null) out.CSS = r.css;
  out.CSSVersion = r.cssVersion;
  out.LastModifiedDate = r.updatedAt / 1000;
  out.CreationDate = r.createdAt / 1000;
  return out;
}
