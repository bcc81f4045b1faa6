import { rejectPageToken } from '../paging.ts';
import type { ClientRecord, ClientSecretEntry } from '../../storage/ports/index.ts';
import { secretEntriesOf } from './client-secrets.ts';

/** ListUserPoolClientSecrets: every secret of the app client (at most two, so one page and no NextToken). */
export function listClientSecrets(client: ClientRecord, token: string | undefined): ClientSecretEntry[] {
  rejectPageToken(token);
  return secretEntriesOf(client);
}
