/** App-client attribute permissions (ReadAttributes / WriteAttributes) for self-service calls. */
import { CognitoError } from '../errors.ts';
import type { ClientRecord } from '../../storage/ports/index.ts';
import { clientConfigOf } from '../clients/client-config.ts';

/** Throws `NotAuthorizedException: A client attempted to write unauthorized attribute.` for attributes outside WriteAttributes. */
export function assertClientMayWrite(client: ClientRecord, names: Iterable<string>): void {
  const list = clientConfigOf(client).WriteAttributes;
  if (list === undefined || list.length === 0) return;
  const allowed = new Set(list);
  for (const name of names) {
    if (!allowed.has(name)) throw new CognitoError('NotAuthorizedException', 'A client attempted to write unauthorized attribute.');
  }
}

/** Whether the client may read an attribute (ReadAttributes; unset or empty = all). */
export function clientMayRead(client: ClientRecord, name: string): boolean {
  if (name === 'sub') return true;
  const list = clientConfigOf(client).ReadAttributes;
  if (name.startsWith('dev:')) return false;
  return list === undefined || list.length === 0 || list.includes(name);
}
