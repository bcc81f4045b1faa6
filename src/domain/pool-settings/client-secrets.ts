/**
 * App client secrets (AddUserPoolClientSecret / DeleteUserPoolClientSecret / ListUserPoolClientSecrets).
 *
 * A confidential client starts with the one secret of CreateUserPoolClient (`ClientRecord.secretSealed`,
 * id `<client id>--<creation epoch ms>`). Once secrets are added or deleted, `ClientRecord.secrets`
 * lists all of them, oldest first, and `secretSealed` is the oldest (the one
 * DescribeUserPoolClient shows). SECRET_HASH and ClientSecret checks accept every secret
 * (`clientSecretsOf` in domain/clients/client-config.ts).
 */
import type { ClientSecretDescriptorType } from '../../generated/shapes.ts';
import type { ClientRecord, ClientSecretEntry } from '../../storage/ports/index.ts';

/** AWS: "Supports up to 2 active secrets per app client." */
export const MAX_CLIENT_SECRETS = 2;

export const secretIdOf = (clientId: string, createdAt: number): string => `${clientId}--${createdAt}`;

/** The client's secrets, oldest first (the original one included); empty for a public client. */
export function secretEntriesOf(client: ClientRecord): ClientSecretEntry[] {
  if (client.secrets !== undefined) return client.secrets;
  if (client.secretSealed === null) return [];
  return [{ id: secretIdOf(client.id, client.createdAt), sealed: client.secretSealed, createdAt: client.createdAt }];
}

/** The creation time of a new secret: now, or just after the newest one (ids stay unique). */
export function newSecretTime(entries: ClientSecretEntry[], now: number): number {
  const newest = entries.reduce((m, e) => Math.max(m, e.createdAt), 0);
  return Math.max(now, newest + 1);
}

/** ClientSecretDescriptorType; the value only where AWS returns it (a secret it generated, on creation). */
export function toDescriptor(entry: ClientSecretEntry, value?: string): ClientSecretDescriptorType {
  return { ClientSecretId: entry.id, ...(value !== undefined ? { ClientSecretValue: value } : {}), ClientSecretCreateDate: entry.createdAt / 1000 };
}
