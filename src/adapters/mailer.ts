/**
 * Email over SMTP (nodemailer): the domain's `EmailSender` when `USERPOOL_SMTP_URL` is set.
 * The server builds one per start (src/server.ts), so each server instance (and each test
 * server) has its own transporter; there is no global one.
 */
import nodemailer from 'nodemailer';
import type { Config } from '../config/config.ts';
import type { EmailSender, OutgoingEmail } from '../domain/messaging/ports.ts';

const LOOKS_LIKE_HTML = /<[a-z][\s\S]*>/i;

export class SmtpMailer implements EmailSender {
  readonly #transport: ReturnType<typeof nodemailer.createTransport>;
  readonly #from: string;

  constructor(smtpUrl: string, from: string) {
    this.#from = from;
    this.#transport = nodemailer.createTransport({
      url: smtpUrl,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  /** Sends one message; rejects when the SMTP server refuses it or cannot be reached. */
  async send(mail: OutgoingEmail): Promise<void> {
    await this.#transport.sendMail({
      from: this.#from,
      to: mail.to,
      subject: mail.subject,
      text: mail.body,
      ...(LOOKS_LIKE_HTML.test(mail.body) ? { html: mail.body } : {}),
    });
  }
}

/** The configured mailer, or undefined when no SMTP server is configured. */
export function emailSenderFor(config: Pick<Config, 'smtpUrl' | 'smtpFrom'>): EmailSender | undefined {
  return config.smtpUrl ? new SmtpMailer(config.smtpUrl, config.smtpFrom) : undefined;
}
