/**
 * The real delivery channels the domain sends through, as it needs them. The server builds them
 * from its configuration (src/adapters/mailer.ts, src/adapters/sms-webhook.ts); a channel that is
 * not configured is absent, and the outbox is then the only delivery.
 */

export interface OutgoingEmail {
  to: string;
  subject: string;
  body: string;
}

export interface OutgoingSms {
  to: string;
  message: string;
  userPoolId: string;
  username: string;
  kind: string;
}

/** Rejects when the message could not be handed over (the domain reports CodeDeliveryFailureException). */
export interface EmailSender {
  send(email: OutgoingEmail): Promise<void>;
}

/** Rejects when the message could not be handed over (the domain reports CodeDeliveryFailureException). */
export interface SmsSender {
  send(sms: OutgoingSms): Promise<void>;
}
