import { CognitoError } from '../errors.ts';
import type { ClientRecord, Store } from '../../storage/ports/index.ts';

export const noSuchClient = (clientId: string): CognitoError => new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`);

/** The app client of a pool, or `ResourceNotFoundException: User pool client <id> does not exist.` */
export async function requireClient(store: Store, poolId: string, clientId: string): Promise<ClientRecord> {
  const client = await store.clients.findClient(poolId, clientId);
  if (!client) throw noSuchClient(clientId);
  return client;
}
