/** One rendered message (the outbox row). */
export interface MessageRecord {
  id?: number;
  poolId: string;
  username: string;
  channel: 'EMAIL' | 'SMS';
  destination: string;
  kind: string;
  code: string | null;
  subject: string | null;
  body: string;
  createdAt: number;
}

/** The outbox: messages the server sent (or would have sent). */
export interface MessagesStore {
  insertMessage(m: MessageRecord): Promise<void>;
  /** Messages of a pool (optionally of one user), or of every pool (`poolId` undefined), newest first. */
  listMessages(poolId: string | undefined, username: string | undefined, limit: number): Promise<MessageRecord[]>;
  purgeMessages(before: number): Promise<void>;
}
