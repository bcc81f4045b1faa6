/**
 * Email over SMTP (nodemailer): the domain's `EmailSender` when `USERPOOL_SMTP_URL` is set.
 * The server builds one per start (src/server.ts), so each server instance (and each test
 * server) has its own transporter; there is no global one.
 */
import type { Transporter } from 'nodemailer';
import type { Config } from '../config/config.ts';
import type { EmailSender, OutgoingEmail } from '../domain/messaging/ports.ts';

const LOOKS_LIKE_HTML = /<[a-z][\s\S]*>/i;

export class SmtpMailer implements EmailSender {
  readonly #smtpUrl: string;
  readonly #from: string;
  #transport: Promise<Transporter> | undefined;

  constructor(smtpUrl: string, from: string) {
    this.#smtpUrl = smtpUrl;
    this.#from = from;
  }

  /** nodemailer is loaded with the first message: a server without mail never holds it in memory. */
  #transporter(): Promise<Transporter> {
    this.#transport ??= import('nodemailer').then(({ default: nodemailer }) =>
      nodemailer.createTransport({
        url: this.#smtpUrl,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 20_000,
      }),
    );
    return this.#transport;
  }

  /** Sends one message; rejects when the SMTP server refuses it or cannot be reached. */
  async send(mail: OutgoingEmail): Promise<void> {
    await (await this.#transporter()).sendMail({
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
