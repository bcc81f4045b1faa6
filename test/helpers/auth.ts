import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type CreateUserPoolClientCommandInput,
  type CreateUserPoolCommandInput,
} from '@aws-sdk/client-cognito-identity-provider';
import type { TestServer } from './server.ts';

export const ALL_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] as const;

export async function createPool(s: TestServer, input: Partial<CreateUserPoolCommandInput> = {}): Promise<string> {
  const r = await s.client.send(new CreateUserPoolCommand({ PoolName: 'auth', ...input }));
  return r.UserPool!.Id!;
}

export async function createClient(s: TestServer, poolId: string, input: Partial<CreateUserPoolClientCommandInput> = {}): Promise<{ clientId: string; secret?: string }> {
  const r = await s.client.send(new CreateUserPoolClientCommand({ UserPoolId: poolId, ClientName: 'app', ExplicitAuthFlows: [...ALL_FLOWS], ...input }));
  const c = r.UserPoolClient!;
  return c.ClientSecret ? { clientId: c.ClientId!, secret: c.ClientSecret } : { clientId: c.ClientId! };
}

/** A CONFIRMED user with a permanent password. */
export async function createUser(s: TestServer, poolId: string, username: string, password: string, attributes: Record<string, string> = {}): Promise<void> {
  await s.client.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
  await s.client.send(new AdminSetUserPasswordCommand({ UserPoolId: poolId, Username: username, Password: password, Permanent: true }));
}

export interface OutboxMessage {
  channel: string;
  destination: string;
  kind: string;
  code: string | null;
  subject: string | null;
  body: string;
  createdAt: number;
}

export async function outbox(s: TestServer, poolId: string, username?: string): Promise<OutboxMessage[]> {
  const q = new URLSearchParams({ userPoolId: poolId, ...(username ? { username } : {}) });
  const res = await fetch(`${s.url}/_userpool/messages?${q}`);
  if (!res.ok) throw new Error(`outbox: HTTP ${res.status}`);
  return (await res.json()) as OutboxMessage[];
}

/** The newest code sent to a user. */
export async function latestCode(s: TestServer, poolId: string, username: string): Promise<string> {
  const [m] = await outbox(s, poolId, username);
  if (!m?.code) throw new Error(`no code in the outbox for ${username}`);
  return m.code;
}
